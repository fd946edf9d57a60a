// Typechecking extension function calls: the constructors decimal, ip,
// datetime and duration (which in strict mode take one string literal that
// must parse), and the methods on extension values.
#include <string>
#include <vector>

#include "cedar/extensions.h"
#include "validate/typechecker.h"

namespace cedar::validate {

namespace {

struct Signature {
  std::vector<const char*> args;  // extension type names, or "Long"
  const char* result;             // extension type name, "Bool" or "Long"
};

Signature signature(ExtensionFunction fn) {
  using F = ExtensionFunction;
  switch (fn) {
    case F::LessThan:
    case F::LessThanOrEqual:
    case F::GreaterThan:
    case F::GreaterThanOrEqual:
      return {{"decimal", "decimal"}, "Bool"};
    case F::IsIpv4:
    case F::IsIpv6:
    case F::IsLoopback:
    case F::IsMulticast:
      return {{"ipaddr"}, "Bool"};
    case F::IsInRange:
      return {{"ipaddr", "ipaddr"}, "Bool"};
    case F::Offset:
      return {{"datetime", "duration"}, "datetime"};
    case F::DurationSince:
      return {{"datetime", "datetime"}, "duration"};
    case F::ToDate:
      return {{"datetime"}, "datetime"};
    case F::ToTime:
      return {{"datetime"}, "duration"};
    default:  // ToMilliseconds ... ToDays
      return {{"duration"}, "Long"};
  }
}

TypePtr named_type(const std::string& name) {
  if (name == "Bool") return bool_type();
  if (name == "Long") return long_type();
  return extension_type(name);
}

// The constructor's result type and whether `text` is a valid argument.
const char* constructor_type(ExtensionFunction fn) {
  switch (fn) {
    case ExtensionFunction::Decimal:
      return "decimal";
    case ExtensionFunction::Ip:
      return "ipaddr";
    case ExtensionFunction::Datetime:
      return "datetime";
    case ExtensionFunction::Duration:
      return "duration";
    default:
      return nullptr;
  }
}

bool parses(ExtensionFunction fn, const std::string& text) {
  switch (fn) {
    case ExtensionFunction::Decimal:
      return parse_decimal(text).has_value();
    case ExtensionFunction::Ip:
      return parse_ip(text).has_value();
    case ExtensionFunction::Datetime:
      return parse_datetime(text).has_value();
    default:
      return parse_duration(text).has_value();
  }
}

}  // namespace

TypeResult Typechecker::check_call(const Expr& e, const CapabilitySet& prior) const {
  std::vector<TypePtr> types;
  for (const auto& arg : e.args) {
    VALIDATE_ASSIGN_OR_RETURN(t, check(*arg, prior));
    types.push_back(t.type);
  }
  const char* name = extension_function_info(e.ext_fn).name;
  if (const char* result = constructor_type(e.ext_fn)) {
    bool literal = e.args.size() == 1 && e.args[0]->kind == Expr::Kind::Literal &&
                   e.args[0]->value.is_string();
    if (!literal) {
      return error(e, std::string("`") + name + "` takes exactly one string literal argument");
    }
    if (!parses(e.ext_fn, e.args[0]->value.as_string())) {
      return error(e, "`" + expr_to_string(e) + "` is not a valid " + result + " value");
    }
    return Typed{extension_type(result), {}};
  }
  Signature sig = signature(e.ext_fn);
  if (types.size() != sig.args.size()) {
    return error(e, std::string("`") + name + "` takes " + std::to_string(sig.args.size()) +
                        " argument(s) including its receiver, but is given " +
                        std::to_string(types.size()));
  }
  for (size_t i = 0; i < types.size(); ++i) {
    TypePtr want = named_type(sig.args[i]);
    if (!type_equal(*types[i], *want)) {
      return unexpected(*e.args[i], *types[i],
                        std::string(i == 0 ? "a receiver" : "an argument") + " of type " +
                            sig.args[i] + " for `" + name + "`");
    }
  }
  return Typed{named_type(sig.result), {}};
}

}  // namespace cedar::validate

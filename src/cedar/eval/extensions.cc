// Cedar's extension function table and the dispatcher that applies them.
//
// Errors follow the Cedar semantics (Lean ExtFun.call / Rust extensions):
// a wrong argument count or argument kind is a type error; a constructor
// argument that does not parse, or a result that overflows int64, is an
// extension error. Both are returned as an Error, never thrown.
#include "cedar/extensions.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "eval/extension_ops.h"

namespace cedar {
namespace {

using F = ExtensionFunction;

// Indexed by the enum value: kTable[i].fn == ExtensionFunction(i).
constexpr std::array<ExtensionFunctionInfo, 22> kTable = {{
    {F::Decimal, "decimal", true, 1},
    {F::LessThan, "lessThan", false, 2},
    {F::LessThanOrEqual, "lessThanOrEqual", false, 2},
    {F::GreaterThan, "greaterThan", false, 2},
    {F::GreaterThanOrEqual, "greaterThanOrEqual", false, 2},
    {F::Ip, "ip", true, 1},
    {F::IsIpv4, "isIpv4", false, 1},
    {F::IsIpv6, "isIpv6", false, 1},
    {F::IsLoopback, "isLoopback", false, 1},
    {F::IsMulticast, "isMulticast", false, 1},
    {F::IsInRange, "isInRange", false, 2},
    {F::Datetime, "datetime", true, 1},
    {F::Duration, "duration", true, 1},
    {F::Offset, "offset", false, 2},
    {F::DurationSince, "durationSince", false, 2},
    {F::ToDate, "toDate", false, 1},
    {F::ToTime, "toTime", false, 1},
    {F::ToMilliseconds, "toMilliseconds", false, 1},
    {F::ToSeconds, "toSeconds", false, 1},
    {F::ToMinutes, "toMinutes", false, 1},
    {F::ToHours, "toHours", false, 1},
    {F::ToDays, "toDays", false, 1},
}};

constexpr bool table_is_indexed_by_enum() {
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<size_t>(kTable[i].fn) != i) return false;
  }
  return static_cast<size_t>(F::ToDays) + 1 == kTable.size();
}
static_assert(table_is_indexed_by_enum());

// The extension payload of type T in `v`, or nullptr if `v` is anything else.
template <class T>
const T* get_ext(const Value& v) {
  return v.is_extension() ? std::get_if<T>(&v.as_extension()) : nullptr;
}

Error type_error(const char* fn, size_t index, const char* expected, const Value& got) {
  std::string msg = std::string("type error: `") + fn + "` expects " + expected;
  if (index > 0) msg += " as argument " + std::to_string(index + 1);
  return Error{msg + ", got " + kind_name(got)};
}

Error parse_error(const char* type, const std::string& text) {
  return Error{"`" + text + "` is not a well-formed " + type + " value"};
}

Error overflow_error(const char* fn) { return Error{std::string("overflow in `") + fn + "`"}; }

// Argument `i` as extension type T; on a kind mismatch, nullptr and `err`
// holds the type error.
template <class T>
const T* arg_as(const ExtensionFunctionInfo& info, const Value* args, size_t i,
                const char* type_name, std::optional<Error>& err) {
  const T* p = get_ext<T>(args[i]);
  if (p == nullptr && !err) err = type_error(info.name, i, type_name, args[i]);
  return p;
}

Result<Value> construct(const ExtensionFunctionInfo& info, const Value& arg) {
  if (!arg.is_string()) return type_error(info.name, 0, "string", arg);
  const std::string& s = arg.as_string();
  switch (info.fn) {
    case F::Decimal:
      if (auto d = parse_decimal(s)) return Value::extension(*d);
      return parse_error("decimal", s);
    case F::Ip:
      if (auto a = parse_ip(s)) return Value::extension(*a);
      return parse_error("ipaddr", s);
    case F::Datetime:
      if (auto d = parse_datetime(s)) return Value::extension(*d);
      return parse_error("datetime", s);
    default:
      if (auto d = parse_duration(s)) return Value::extension(*d);
      return parse_error("duration", s);
  }
}

Result<Value> call_decimal(const ExtensionFunctionInfo& info, const Value* args) {
  std::optional<Error> err;
  const Decimal* a = arg_as<Decimal>(info, args, 0, "decimal", err);
  const Decimal* b = arg_as<Decimal>(info, args, 1, "decimal", err);
  if (err) return *err;
  switch (info.fn) {
    case F::LessThan:
      return Value::boolean(*a < *b);
    case F::LessThanOrEqual:
      return Value::boolean(*a <= *b);
    case F::GreaterThan:
      return Value::boolean(*a > *b);
    default:
      return Value::boolean(*a >= *b);
  }
}

Result<Value> call_ipaddr(const ExtensionFunctionInfo& info, const Value* args) {
  std::optional<Error> err;
  const IpAddr* a = arg_as<IpAddr>(info, args, 0, "ipaddr", err);
  const IpAddr* b = info.arity == 2 ? arg_as<IpAddr>(info, args, 1, "ipaddr", err) : nullptr;
  if (err) return *err;
  switch (info.fn) {
    case F::IsIpv4:
      return Value::boolean(!a->v6);
    case F::IsIpv6:
      return Value::boolean(a->v6);
    case F::IsLoopback:
      return Value::boolean(ext::ip_is_loopback(*a));
    case F::IsMulticast:
      return Value::boolean(ext::ip_is_multicast(*a));
    default:
      return Value::boolean(ext::ip_in_range(*a, *b));  // isInRange
  }
}

Result<Value> call_datetime(const ExtensionFunctionInfo& info, const Value* args) {
  std::optional<Error> err;
  const Datetime* dt = arg_as<Datetime>(info, args, 0, "datetime", err);
  if (info.fn == F::Offset) {
    const Duration* d = arg_as<Duration>(info, args, 1, "duration", err);
    if (err) return *err;
    if (auto r = ext::datetime_offset(*dt, *d)) return Value::extension(*r);
    return overflow_error(info.name);
  }
  if (info.fn == F::DurationSince) {
    const Datetime* other = arg_as<Datetime>(info, args, 1, "datetime", err);
    if (err) return *err;
    if (auto r = ext::duration_since(*dt, *other)) return Value::extension(*r);
    return overflow_error(info.name);
  }
  if (err) return *err;
  if (info.fn == F::ToTime) return Value::extension(ext::datetime_to_time(*dt));
  if (auto r = ext::datetime_to_date(*dt)) return Value::extension(*r);  // toDate
  return overflow_error(info.name);
}

Result<Value> call_duration(const ExtensionFunctionInfo& info, const Value* args) {
  std::optional<Error> err;
  const Duration* d = arg_as<Duration>(info, args, 0, "duration", err);
  if (err) return *err;
  switch (info.fn) {
    case F::ToMilliseconds:
      return Value::integer(d->ms);
    case F::ToSeconds:
      return Value::integer(ext::duration_to_seconds(*d));
    case F::ToMinutes:
      return Value::integer(ext::duration_to_minutes(*d));
    case F::ToHours:
      return Value::integer(ext::duration_to_hours(*d));
    default:
      return Value::integer(ext::duration_to_days(*d));  // toDays
  }
}

}  // namespace

std::optional<ExtensionFunctionInfo> find_extension_function(std::string_view name) {
  for (const ExtensionFunctionInfo& info : kTable) {
    if (name == info.name) return info;
  }
  return std::nullopt;
}

const ExtensionFunctionInfo& extension_function_info(ExtensionFunction fn) {
  return kTable[static_cast<size_t>(fn)];
}

Result<Value> call_extension(ExtensionFunction fn, const Value* args, size_t nargs) {
  const ExtensionFunctionInfo& info = extension_function_info(fn);
  if (nargs != info.arity) {
    return Error{"type error: `" + std::string(info.name) + "` takes " +
                 std::to_string(info.arity) + " argument" + (info.arity == 1 ? "" : "s") +
                 ", got " + std::to_string(nargs)};
  }
  switch (fn) {
    case F::Decimal:
    case F::Ip:
    case F::Datetime:
    case F::Duration:
      return construct(info, args[0]);
    case F::LessThan:
    case F::LessThanOrEqual:
    case F::GreaterThan:
    case F::GreaterThanOrEqual:
      return call_decimal(info, args);
    case F::IsIpv4:
    case F::IsIpv6:
    case F::IsLoopback:
    case F::IsMulticast:
    case F::IsInRange:
      return call_ipaddr(info, args);
    case F::Offset:
    case F::DurationSince:
    case F::ToDate:
    case F::ToTime:
      return call_datetime(info, args);
    case F::ToMilliseconds:
    case F::ToSeconds:
    case F::ToMinutes:
    case F::ToHours:
    case F::ToDays:
      return call_duration(info, args);
  }
  return Error{"unknown extension function"};
}

}  // namespace cedar

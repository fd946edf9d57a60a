// Names and Cedar-source renderings of extension values.
//
// Invariant: for every value v except datetimes outside years 0000..9999,
// extension_to_string(v) has the shape `fn("arg")`, where fn is the type's
// constructor and arg contains no character that needs escaping, and the
// constructor applied to arg yields a value equal to v.
#include "cedar/extension_values.h"

#include <string>
#include <type_traits>
#include <variant>

#include "eval/extension_ops.h"

namespace cedar {

const char* extension_type_name(const ExtensionValue& v) {
  if (std::holds_alternative<Decimal>(v)) return "decimal";
  if (std::holds_alternative<IpAddr>(v)) return "ipaddr";
  if (std::holds_alternative<Datetime>(v)) return "datetime";
  return "duration";
}

std::string extension_to_string(const ExtensionValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Decimal>) {
          return "decimal(\"" + ext::decimal_text(x) + "\")";
        } else if constexpr (std::is_same_v<T, IpAddr>) {
          return "ip(\"" + ext::ip_text(x) + "\")";
        } else if constexpr (std::is_same_v<T, Datetime>) {
          if (auto text = ext::datetime_text(x)) return "datetime(\"" + *text + "\")";
          // No datetime string can express this instant; use the form the
          // Rust implementation uses for every datetime.
          return "datetime(\"1970-01-01\").offset(duration(\"" +
                 ext::duration_text(Duration{x.ms}) + "\"))";
        } else {
          return "duration(\"" + ext::duration_text(x) + "\")";
        }
      },
      v);
}

}  // namespace cedar

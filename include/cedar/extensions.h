// Cedar's extension functions: constructors (decimal, ip, datetime,
// duration) and the methods on extension values.
//
// The parser resolves a call's name to an ExtensionFunction once; evaluation
// then dispatches on the enum.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "cedar/extension_values.h"
#include "cedar/result.h"
#include "cedar/value.h"

namespace cedar {

enum class ExtensionFunction : uint8_t {
  // decimal
  Decimal,
  LessThan,
  LessThanOrEqual,
  GreaterThan,
  GreaterThanOrEqual,
  // ipaddr
  Ip,
  IsIpv4,
  IsIpv6,
  IsLoopback,
  IsMulticast,
  IsInRange,
  // datetime and duration
  Datetime,
  Duration,
  Offset,
  DurationSince,
  ToDate,
  ToTime,
  ToMilliseconds,
  ToSeconds,
  ToMinutes,
  ToHours,
  ToDays,
};

struct ExtensionFunctionInfo {
  ExtensionFunction fn;
  const char* name;  // as written in Cedar source: "decimal", "isInRange", ...
  // Constructors are called function-style (`ip("1.2.3.4")`); the others are
  // methods (`a.isInRange(b)`), whose receiver is argument 0.
  bool is_constructor;
  size_t arity;  // including the receiver for methods
};

// Lookup by source name; nullopt if `name` is not an extension function.
std::optional<ExtensionFunctionInfo> find_extension_function(std::string_view name);
const ExtensionFunctionInfo& extension_function_info(ExtensionFunction fn);

// Apply an extension function. Errors: wrong argument count or kinds (a
// type error), an unparsable constructor argument, or overflow.
Result<Value> call_extension(ExtensionFunction fn, const Value* args, size_t nargs);

// Constructors from strings, as used by the JSON formats' `__extn` escapes and
// schema-based parsing. nullopt when the text is not valid for the type.
std::optional<cedar::Decimal> parse_decimal(std::string_view text);
std::optional<IpAddr> parse_ip(std::string_view text);
std::optional<cedar::Datetime> parse_datetime(std::string_view text);
std::optional<cedar::Duration> parse_duration(std::string_view text);

}  // namespace cedar

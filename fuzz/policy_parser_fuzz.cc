// libFuzzer target: the policy parser and the formatter. Any input must
// either fail with an error or parse; a parsed policy must print to text that
// parses back to the same tree; text that parses must format (the formatter
// checks that its output means the same policies and keeps every comment),
// and formatting the result again must change nothing.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cedar/format.h"
#include "cedar/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto policies = cedar::parse_policies(text);
  if (!policies) return 0;
  for (const cedar::Policy& p : *policies) {
    std::string printed = p.to_string();
    auto again = cedar::parse_policy(printed);
    if (!again) abort();
    if (!cedar::same_expr(*p.condition_expr(), *again->condition_expr())) abort();
  }
  auto formatted = cedar::format_policies(text);
  if (!formatted) abort();
  auto twice = cedar::format_policies(*formatted);
  if (!twice || *twice != *formatted) abort();
  return 0;
}

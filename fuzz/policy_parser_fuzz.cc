// libFuzzer target: the policy parser. Any input must either fail with an
// error or parse; a parsed policy must print to text that parses back to the
// same tree.
#include <cstdint>
#include <cstdlib>
#include <string_view>

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
  return 0;
}

// libFuzzer target: both schema parsers. Any input must either fail with an
// error that carries a position or parse to a schema whose actions and entity
// types can be looked up by the names it declares.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cedar/schema.h"

namespace {

void check(const cedar::Result<cedar::Schema>& schema) {
  if (!schema) {
    if (schema.error().message.empty()) abort();
    return;
  }
  for (const auto& [name, def] : schema->entity_types) {
    if (schema->entity_type(name) != &def || def.name != name) abort();
  }
  for (const auto& [uid, def] : schema->actions) {
    if (schema->action(uid) != &def || !schema->is_action_type(uid.type)) abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check(cedar::parse_schema_text(text));
  check(cedar::parse_schema_json(text));
  return 0;
}

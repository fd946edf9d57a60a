// libFuzzer target: the entities JSON parser, without and with a schema. Any
// input must either fail with an error or yield entities whose attribute
// values survive a JSON round trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cedar/json.h"
#include "cedar/schema.h"

namespace {

const cedar::Schema* fuzz_schema() {
  static const cedar::Schema* schema = [] {
    auto s = cedar::parse_schema_text(R"(
      entity Group;
      entity User in [Group] { ip?: ipaddr, n?: Long, d?: decimal, t?: datetime,
                               boss?: User, tags?: Set<String>, r?: { a: Bool } };
      action view appliesTo { principal: User, resource: Group };
    )");
    if (!s) abort();
    return new cedar::Schema(std::move(*s));
  }();
  return schema;
}

// A record whose only key is `__entity`, `__extn` or `__expr` is written as
// that JSON object, which may read back as an escape: Cedar's JSON format
// cannot tell them apart, so such values are not expected to round-trip.
bool ambiguous(const cedar::Value& v) {
  if (v.is_set()) {
    for (const cedar::Value& x : v.as_set()) {
      if (ambiguous(x)) return true;
    }
  }
  if (!v.is_record()) return false;
  const cedar::Record& r = v.as_record();
  if (r.size() == 1 &&
      (r[0].first == "__entity" || r[0].first == "__extn" || r[0].first == "__expr"))
    return true;
  for (const auto& [k, x] : r) {
    if (ambiguous(x)) return true;
  }
  return false;
}

void check_round_trip(const cedar::Entities& es) {
  for (const auto& [uid, e] : es.all()) {
    cedar::Value attrs = cedar::Value::record(e.attrs);
    if (ambiguous(attrs)) continue;
    auto again = cedar::parse_value_json(cedar::value_to_json(attrs), nullptr);
    if (!again || !(*again == attrs)) abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto es = cedar::parse_entities_json(text, nullptr)) check_round_trip(*es);
  if (auto es = cedar::parse_entities_json(text, fuzz_schema())) check_round_trip(*es);
  return 0;
}

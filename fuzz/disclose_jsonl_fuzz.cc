// libFuzzer target for the disclosure guard's JSONL reader
// (src/trustgate/disclose/jsonl_reader.cc, json_scan.cc): arbitrary bytes
// as records, released under one of several requests
// (disclose_fuzz_common.h). Also checked: every released line is JSON
// (simdjson's DOM parser accepts it), so a reader of the release never
// meets bytes the guard did not validate.
#include <simdjson.h>

#include "disclose_fuzz_common.h"

namespace {

void each_line_is_json(const std::string& out) {
  simdjson::dom::parser parser;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    simdjson::dom::element e;
    if (parser.parse(out.data() + pos, nl - pos).get(e) || !e.is_object()) {
      std::fprintf(stderr, "a released line is not a JSON object: %.*s\n",
                   static_cast<int>(nl - pos), out.data() + pos);
      std::abort();
    }
    pos = nl + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  disclose_fuzz::check(trustgate::disclose::RecordFormat::Jsonl, data, size, each_line_is_json);
  return 0;
}

// The one JSON string writer of trustgate: Cedar's JSON, the ledger's
// canonical JSON and every JSON the service prints use it.
#pragma once

#include <string>
#include <string_view>

namespace base {

// Appends `s` as a JSON string literal: `"` and `\` escaped, the control
// bytes as \b \f \n \r \t or \u00xx (lower-case hex), every other byte as it
// is (UTF-8 passes through). The ledger hashes this form (docs/ledger.md):
// it must not change.
void append_json_string(std::string& out, std::string_view s);

}  // namespace base

// PublicInfo: what a layer of law publishes for the public beside its
// policies, read from the "public" member of the pack's pack.json: where
// people find legal help, hotlines and the federal detainee locator, and
// what the layer's law means for a person, each with the source it was
// verified against. The know-your-rights page shows it
// (GET /v1/jurisdictions/{id}/rights). It decides nothing; being part of
// pack.json it enters the pack's digest like the pack's sources and notes,
// so the law archive keeps what was published beside each decision.
//
//   "public": {
//     "contacts": [
//       { "name": "National Immigrant Justice Center (NIJC)",
//         "kind": "legal_aid",            // legal_aid | hotline | locator | directory
//         "description": { "en": "...", "es": "..." },
//         "phone": "+1-312-660-1370",     // optional: digits, spaces, + ( ) -
//         "url": "https://immigrantjustice.org/",   // optional: https only
//         "languages": ["en", "es"],      // optional: languages spoken
//         "source": { "url": "https://...", "seen": "2026-12-01",
//                     "note": "what the source showed" } } ],
//     "rights": [ { "en": "...", "es": "...", "cite": "..." } ],  // optional
//     "translations": { "es": { "<policy id>": "..." } }           // optional: @explain in Spanish
//   }
//
// Every contact needs a name, a kind, a description in English and Spanish,
// a phone or a url, and a source with an https url and the date it was seen.
// A translation names a policy of the same pack (the server checks it at
// start).
#pragma once

#include <filesystem>

#include "base/result.h"
#include "trustgate/common/json.h"

namespace trustgate::policy {

// The "public" member of the pack folder's pack.json, checked; null when it
// has none. Errors name the file and the JSON Pointer of the bad member
// ("/public/contacts/0/phone").
base::Result<common::Json> load_public_info(const std::filesystem::path& pack_dir);

}  // namespace trustgate::policy

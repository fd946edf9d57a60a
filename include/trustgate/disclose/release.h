// Release: one disclosure of records, streamed. Records go in (JSONL or
// CSV, in chunks of any size); the released records come out as they are
// read, each withheld value replaced in place by its ground's marker
// ("[withheld: 5 ILCS 140/7(1)(c)]"), and a redaction log (a Vaughn index:
// record, field path, class, rule, citation, withheld in full or in part)
// is written beside them. Nothing withheld is ever written anywhere: not to
// the output, not to the log, not to the tally. docs/disclosure.md gives
// the formats.
//
// Fail closed: a field the record schema does not name is withheld; so is
// every field of a record with no known record type; a line that is not a
// JSON object, or a CSV row that does not parse, is withheld in full.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/common/json.h"
#include "trustgate/disclose/disclosure_request.h"
#include "trustgate/disclose/record_schema.h"
#include "trustgate/disclose/release_plan.h"

namespace trustgate::disclose {

enum class RecordFormat { Jsonl, Csv };

// Where bytes go (a file, a socket, a string). Called with at most a few
// MiB at a time.
using ByteSink = std::function<base::Status(std::string_view)>;

// What a release did: counts of fields by class, and the digest of the
// released bytes. Holds no value of any record.
struct ReleaseTally {
  std::vector<uint64_t> released;      // by field class
  std::vector<uint64_t> withheld;      // by field class
  uint64_t withheld_unclassified = 0;  // fields the record schema does not name
  uint64_t records = 0;                // records read
  uint64_t records_withheld = 0;       // records withheld in full
  uint64_t bytes = 0;                  // bytes released
  std::string sha256;                  // hex SHA-256 of the released bytes

  // {"records", "records_withheld", "released": {class: n}, "withheld":
  //  {class: n, "not_in_schema": n}, "bytes", "sha256"} (classes with n > 0).
  common::Json to_json(const policy::Vocabulary& vocab) const;
};

// The longest record accepted (a JSONL line, a CSV row).
inline constexpr size_t kMaxRecordBytes = size_t{16} << 20;

class Release {
 public:
  // `plan`, `schemas` and `vocab` must outlive the release. `log` may be
  // empty (no redaction log).
  Release(const ReleasePlan& plan, const RecordSchemas& schemas, const policy::Vocabulary& vocab,
          const DisclosureRequest& request, RecordFormat format, ByteSink out, ByteSink log);
  ~Release();
  Release(const Release&) = delete;
  Release& operator=(const Release&) = delete;

  // Reads the next piece of input. Fails when a sink fails or a record is
  // longer than kMaxRecordBytes; the release is then unusable.
  base::Status feed(std::string_view chunk);
  // Ends the input (a last line without a newline is a record) and flushes.
  base::Result<ReleaseTally> finish();

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The ledger's `disclosed` event for a finished release (docs/ledger.md):
// recipient, the request, the counts per class, the digest of the released
// bytes and the policy version — never a value of a record.
common::Json disclosed_event(const DisclosureRequest& request, const ReleasePlan& plan,
                             const ReleaseTally& tally, RecordFormat format,
                             const policy::Vocabulary& vocab, const std::string& actor_id,
                             const std::string& actor_role, std::string_view channel);

}  // namespace trustgate::disclose

// Shared by the disclosure guard's fuzz targets (disclose_jsonl_fuzz.cc,
// disclose_csv_fuzz.cc). They link only the readers (no Cedar engine):
// the vocabulary's lists are written out here, the record schemas are the
// shipped ones (policies/records/), and the release plan comes from the
// input itself, so every combination of released and withheld classes is
// tried. Input: byte 0 the request's default record type (or none), bytes
// 1-2 which field classes are released, byte 3 the size of the pieces the
// records are fed in; the rest are the records.
//
// Checked on every input: no crash or sanitizer report; the release never
// fails on bytes under the record size limit; the output, the log and the
// counts are the same whether the input comes whole or in pieces; the
// tally's digest is the output's.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/digest.h"
#include "base/json_string.h"
#include "trustgate/disclose/release.h"

namespace disclose_fuzz {

using namespace trustgate;  // NOLINT

struct Law {
  policy::Vocabulary vocab;
  disclose::RecordSchemas schemas;
};

inline policy::Terms terms(std::initializer_list<const char*> values) {
  policy::Terms t;
  for (const char* v : values) t.values.emplace_back(v);
  return t;
}

inline const Law& law() {
  static Law* l = [] {
    auto* out = new Law;
    auto& r = out->vocab.release;
    r.present = true;
    // As policies/schema.cedarschema declares them (the schemas' parse
    // fails if they drift).
    r.field_classes = terms({"immigration_status", "citizenship", "birthplace", "municipal_id",
                             "identity_document", "address", "contact", "biometric", "release_date",
                             "custody_status", "identity", "criminal_history", "public"});
    r.recipients = terms({"public_records_requester", "press", "ice", "cbp", "fbi", "state_police",
                          "court", "the_subject", "other_agency"});
    r.instruments =
        terms({"public_records_request", "subpoena", "judicial_warrant", "court_order", "none"});
    r.record_types = terms({"booking", "arrest_report", "incident_report", "jail_roster",
                            "municipal_id_card", "municipal_id_application", "call_record_911"});
    out->vocab.purposes =
        terms({"civil_immigration_enforcement", "criminal_investigation", "other"});
    auto schemas =
        disclose::load_record_schemas(std::string(TRUSTGATE_SOURCE_DIR) + "/policies/records", r);
    if (!schemas) {
      std::fprintf(stderr, "record schemas: %s\n", schemas.error().describe().c_str());
      std::abort();
    }
    out->schemas = std::move(*schemas);
    return out;
  }();
  return *l;
}

inline disclose::Ground ground(const char* cite) {
  disclose::Ground g{"", cite, "", std::string("[withheld: ") + cite + "]", ""};
  base::append_json_string(g.marker_json, g.marker);
  return g;
}

inline disclose::ReleasePlan plan(uint16_t released_mask) {
  const Law& l = law();
  disclose::ReleasePlan p;
  for (const char* c :
       {"not in the record schema", "no record schema", "not a record",
        "no rule permits this release", "5 ILCS 140/7(1)(c)", "a \"quoted\", cite"}) {
    p.grounds.push_back(ground(c));
  }
  p.classes = l.vocab.release.field_classes.values.size();
  p.decisions.resize(l.vocab.release.record_types.values.size() * p.classes);
  for (size_t i = 0; i < p.decisions.size(); ++i) {
    const size_t c = i % p.classes;
    p.decisions[i].released = ((released_mask >> c) & 1U) != 0;
    p.decisions[i].ground = static_cast<uint16_t>(4 + (i & 1U));
  }
  return p;
}

struct Run {
  std::string out, log;
  disclose::ReleaseTally tally;
};

inline Run release(const disclose::ReleasePlan& p, const disclose::DisclosureRequest& req,
                   disclose::RecordFormat format, std::string_view input, size_t piece) {
  const Law& l = law();
  Run r;
  disclose::Release rel(
      p, l.schemas, l.vocab, req, format,
      [&](std::string_view b) {
        r.out.append(b);
        return base::Status::Ok();
      },
      [&](std::string_view b) {
        r.log.append(b);
        return base::Status::Ok();
      });
  for (size_t i = 0; i < input.size(); i += piece) {
    if (!rel.feed(input.substr(i, piece))) std::abort();
  }
  auto tally = rel.finish();
  if (!tally) std::abort();
  r.tally = *tally;
  return r;
}

inline void check(disclose::RecordFormat format, const uint8_t* data, size_t size,
                  void (*each_output)(const std::string&)) {
  if (size < 4) return;
  disclose::DisclosureRequest req;
  req.jurisdiction = "us-il-chicago";
  req.receiving_agency = "chicago-police";
  req.recipient = 2;
  req.instrument = 4;
  req.purpose = 0;
  const size_t types = law().vocab.release.record_types.values.size();
  if (data[0] % (types + 1) < types) req.record_type = static_cast<uint8_t>(data[0] % (types + 1));
  const disclose::ReleasePlan p = plan(static_cast<uint16_t>(data[1] | data[2] << 8));
  const size_t piece = 1 + data[3] % 61;
  const std::string_view input(reinterpret_cast<const char*>(data) + 4, size - 4);
  const Run whole = release(p, req, format, input, input.size() + 1);
  const Run pieces = release(p, req, format, input, piece);
  if (whole.out != pieces.out || whole.log != pieces.log ||
      whole.tally.records != pieces.tally.records ||
      whole.tally.withheld != pieces.tally.withheld ||
      whole.tally.released != pieces.tally.released) {
    std::fprintf(stderr, "the release differs when fed in pieces of %zu\n", piece);
    std::abort();
  }
  if (whole.tally.sha256 != base::sha256_hex(whole.out) || whole.tally.bytes != whole.out.size()) {
    std::fprintf(stderr, "the tally's digest is not the output's\n");
    std::abort();
  }
  if (each_output) each_output(whole.out);
}

}  // namespace disclose_fuzz

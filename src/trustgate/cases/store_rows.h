// What the SQL case stores (SQLite, PostgreSQL) share: the schema's
// migrations, the columns of a case, and the text of the parts of a case
// that have no column of their own. The SQL is portable (TEXT, BIGINT,
// ON CONFLICT upserts, no engine-only functions); each store binds
// parameters its own way ("?" or "$n").
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "trustgate/cases/case.h"
#include "trustgate/common/json.h"

namespace trustgate::cases {

// Migrations, in order; migration i brings the schema to version i + 1.
inline constexpr std::array<const char*, 1> kCaseStoreMigrations = {
    R"sql(
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  client_id TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  receiving_agency TEXT NOT NULL,
  received_at TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  request_json TEXT NOT NULL,
  decision_json TEXT NOT NULL,
  workflow_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_by_state ON cases (state, seq);
CREATE INDEX cases_by_client ON cases (jurisdiction, receiving_agency, client_id);
CREATE TABLE case_events (
  seq BIGINT PRIMARY KEY,
  case_id TEXT,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  entry TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, seq);
CREATE TABLE policy_versions (
  policy_version TEXT NOT NULL,
  jurisdiction TEXT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (policy_version, jurisdiction)
);
CREATE TABLE ledger_applied (
  id INTEGER PRIMARY KEY,
  applied_below BIGINT NOT NULL,
  root TEXT NOT NULL
);
INSERT INTO ledger_applied (id, applied_below, root) VALUES (1, 0, '');
)sql",
};

inline constexpr const char* kCaseColumns =
    "id, seq, state, client_id, jurisdiction, receiving_agency, received_at, policy_version, "
    "request_json, decision_json, workflow_json, created_at, updated_at";

// The parts of a case with no column of their own.
common::Json workflow_json(const Case& c);
// The inverse of workflow_json; false when the text is not what it writes.
bool read_workflow(const std::string& text, Case& c);
// Parsed JSON, null for "", a string for damaged text.
common::Json json_or_null(const std::string& text);

// A case from a row of kCaseColumns (row.text(i), row.integer(i)).
template <class Row>
Case read_case(const Row& s) {
  Case c;
  c.id = s.text(0);
  c.seq = static_cast<uint64_t>(s.integer(1));
  // A damaged state reads as "received", which no projected decided case is.
  c.state = parse_state(s.text(2)).value_or(CaseState::Received);
  c.client_id = s.text(3);
  c.jurisdiction = s.text(4);
  c.receiving_agency = s.text(5);
  c.received_at = s.text(6);
  c.policy_version = s.text(7);
  c.request = json_or_null(s.text(8));
  c.decision = json_or_null(s.text(9));
  if (!read_workflow(s.text(10), c)) c.obligations = {"(damaged workflow_json)"};
  c.created_at = s.text(11);
  c.updated_at = s.text(12);
  return c;
}

}  // namespace trustgate::cases

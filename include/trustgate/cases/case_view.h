// The one rendering of a case for people and programs: the CLI prints it,
// the server returns it, reports and the UI read it. Redaction for a
// reader who may not see everything applies here, and only here.
#pragma once

#include <string>
#include <vector>

#include "trustgate/cases/case.h"
#include "trustgate/common/json.h"

namespace trustgate::cases {

enum class CaseView {
  Full,       // everything the case holds
  NoSubject,  // without what the request says about the person (subject, facts)
};

// {"id", "seq", "state", "client_id", "jurisdiction", "receiving_agency",
//  "received_at", "policy_version", "request", "decision", "obligations",
//  "sign_offs_needed", "on_site_needed", "sign_offs", "override",
//  "deadlines": [{"obligation", "hours", "from", "met_by", "skip_weekends",
//                 "state", "starts_at", "due_at", "met_at"}] (deadline.h),
//  "dispositions": [{"event", "happened_at", "until"?, "to"?, "at"}],
//  "created_at", "updated_at", "events": [{"seq", "event", "at"}]}
common::Json case_to_json(const Case& c, CaseView view = CaseView::Full);

// A ledger entry as a reader with `view` may see it: for NoSubject, a
// `received` entry's request loses subject and facts, as case_to_json's
// does. Returns the JSON Pointers of the members left out (none for Full,
// or for an entry that holds no request).
std::vector<std::string> redact_entry(common::Json& entry, CaseView view);

}  // namespace trustgate::cases

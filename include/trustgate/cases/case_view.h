// The one rendering of a case for people and programs: the CLI prints it,
// the server returns it, reports and the UI read it. Redaction for a
// reader who may not see everything applies here, and only here.
#pragma once

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

}  // namespace trustgate::cases

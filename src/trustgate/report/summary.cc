// The summary report: what was asked and decided, by month, instrument,
// requester, action, compliance and response, with overrides and sign-offs
// called out (docs/reports.md, "summary").
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "build_util.h"

namespace trustgate::report::build {

namespace {

const std::vector<std::string> kInstruments = {"detainer",
                                               "voluntary_notification",
                                               "admin_arrest_warrant",
                                               "admin_removal_warrant",
                                               "judicial_warrant",
                                               "court_order",
                                               "admin_subpoena",
                                               "judicial_subpoena",
                                               "informal",
                                               "none"};
const std::vector<std::string> kRequesters = {"ice-ero", "ice-hsi", "cbp",          "uscis", "fbi",
                                              "dea",     "usms",    "state-police", "other"};
const std::vector<std::string> kActions = {
    "hold_beyond_release", "notify_release",           "transfer_custody", "interview_access",
    "share_records",       "share_immigration_status", "database_access",  "on_scene_assistance",
    "facility_use",        "joint_operation",          "inquire_status",   "arrest_civil"};
const std::vector<std::string> kCompliance = {"required", "prohibited", "discretionary",
                                              "conflict"};
const std::vector<std::string> kResponses = {"comply", "decline", "refer_supervisor",
                                             "refer_counsel"};

struct Seen {
  std::set<std::string> instruments, requesters, actions, compliance, responses;
};

}  // namespace

Report summary(const Scope& s) {
  Report r;
  Seen seen;
  uint64_t cases = 0, outcomes = 0, overridden = 0;
  for (const CaseRecord& c : s.history().cases) {
    if (!s.in(c)) continue;
    ++cases;
    seen.instruments.insert(s.name(c.instrument));
    seen.requesters.insert(s.name(c.requester));
    for (const RecordedOutcome& o : s.outcomes(c)) {
      ++outcomes;
      seen.actions.insert(s.name(o.action));
      seen.compliance.insert(s.name(o.compliance));
      seen.responses.insert(s.name(o.response));
    }
    overridden += c.overridden_by != 0;
  }
  auto list = [](const std::set<std::string>& v) {
    return std::vector<std::string>(v.begin(), v.end());
  };
  const auto instruments = ordered(kInstruments, list(seen.instruments));
  const auto requesters = ordered(kRequesters, list(seen.requesters));
  const auto actions = ordered(kActions, list(seen.actions));
  const auto compliance = ordered(kCompliance, list(seen.compliance));
  const auto responses = ordered(kResponses, list(seen.responses));
  int32_t first = 0, last = -1;
  const std::vector<std::string> month_rows =
      s.span(first, last) ? months(first, last) : std::vector<std::string>{};

  CrossTab by_instrument("month", month_rows, instruments);
  CrossTab by_requester("month", month_rows, requesters);
  CrossTab outcome_by_instrument("instrument", instruments, responses);
  CrossTab outcome_by_action("action", actions, compliance);
  CrossTab overrides("month", month_rows, {"supervisor", "counsel"});
  CrossTab sign_offs("month", month_rows, {"supervisor", "counsel"});
  using CubeKey =
      std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
  std::map<CubeKey, int64_t> cube;
  Table overridden_cases =
      listing("overridden_cases", "Overridden decisions", "",
              {"case", "date_received", "jurisdiction", "receiving_agency", "overridden_by"});
  for (const CaseRecord& c : s.history().cases) {
    if (!s.in(c)) continue;
    const std::string month = month_of(c.received.day());
    const std::string& instrument = s.name(c.instrument);
    by_instrument.add(month, instrument);
    by_requester.add(month, s.name(c.requester));
    for (const RecordedOutcome& o : s.outcomes(c)) {
      outcome_by_instrument.add(instrument, s.name(o.response));
      outcome_by_action.add(s.name(o.action), s.name(o.compliance));
      ++cube[CubeKey{month, instrument, s.name(c.requester), s.name(o.action), s.name(o.compliance),
                     s.name(o.response)}];
    }
    if (c.overridden_by) {
      const char* role = c.overridden_by == 2 ? "counsel" : "supervisor";
      overrides.add(month, role);
      overridden_cases.text_rows.add({s.history().case_id(c), day_text(c.received.day()),
                                      s.name(c.jurisdiction), s.name(c.agency), role});
    }
    if (c.sign_offs & 1) sign_offs.add(month, "supervisor");
    if (c.sign_offs & 2) sign_offs.add(month, "counsel");
  }

  r.title = "Requests and decisions";
  r.statements.push_back(std::to_string(cases) + " requests in scope, with " +
                         std::to_string(outcomes) + " decided actions; " +
                         std::to_string(overridden) + " decisions were overridden.");
  Table t = by_instrument.table("requests_by_month", "Requests received by month and instrument",
                                "", "requests");
  t.chart = "time";
  t.row_margin_key = "requests/month";
  t.column_margin_key = "requests/instrument";
  r.tables.push_back(std::move(t));
  t = outcome_by_instrument.table("outcomes_by_instrument",
                                  "Decided actions by instrument and response", "", "outcomes");
  t.chart = "bars";
  t.row_margin_key = "outcomes/instrument";
  t.column_margin_key = "outcomes/response";
  r.tables.push_back(std::move(t));
  t = by_requester.table("requests_by_requester", "Requests received by month and requester", "",
                         "requests");
  t.row_margin_key = "requests/month";
  t.column_margin_key = "requests/requester";
  r.tables.push_back(std::move(t));
  t = outcome_by_action.table("outcomes_by_action", "Decided actions by action and compliance", "",
                              "outcomes");
  t.row_margin_key = "outcomes/action";
  t.column_margin_key = "outcomes/compliance";
  r.tables.push_back(std::move(t));
  t = overrides.table("overrides", "Decisions overridden, by month and the role that overrode", "",
                      "overridden decisions");
  t.notes.push_back(
      "An override replaces the decision the law gave with a person's; every "
      "override names the person and a reason in the ledger.");
  r.tables.push_back(std::move(t));
  t = sign_offs.table("sign_offs", "Sign-offs by month and role", "", "sign-offs");
  r.tables.push_back(std::move(t));
  if (!s.parameters().is_public) {
    Table full = listing(
        "outcomes",
        "Decided actions by month, instrument, requester, action, "
        "compliance and response",
        "", {"month", "instrument", "requester", "action", "compliance", "response", "outcomes"});
    for (const auto& [key, n] : cube) {
      const auto& [m, i, q, a, c, p] = key;
      std::vector<Cell> row{Cell::of(m), Cell::of(i), Cell::of(q),      Cell::of(a),
                            Cell::of(c), Cell::of(p), Cell::of_count(n)};
      full.rows.push_back(std::move(row));
    }
    r.tables.push_back(std::move(full));
    r.tables.push_back(std::move(overridden_cases));
  }
  r.cases = cases;
  return r;
}

}  // namespace trustgate::report::build

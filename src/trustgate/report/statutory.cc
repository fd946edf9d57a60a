// The reports the law asks for: Illinois 5 ILCS 805/25, Chicago Mun. Code
// 2-173-069, New York City's detainer reports, California's TRUTH Act
// (docs/reports.md gives each field and the provision that asks for it).
#include <algorithm>
#include <set>

#include "build_util.h"

namespace trustgate::report::build {

namespace {

bool one_of(std::string_view v, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

// 5 ILCS 805/10: immigration detainers (including requests for notice of
// release) and civil immigration warrants.
bool il_detainer_or_warrant(std::string_view instrument) {
  return one_of(instrument, {"detainer", "voluntary_notification", "admin_arrest_warrant",
                             "admin_removal_warrant"});
}

bool federal(std::string_view agency) {
  return is_dhs(agency) || one_of(agency, {"fbi", "dea", "usms"});
}

std::string period(const ReportParameters& p) {
  if (!p.from && !p.to) return "Reporting period: every request recorded.";
  return "Reporting period: requests received " +
         (p.from ? "from " + p.from->to_string() : std::string("up to")) +
         (p.to ? (p.from ? " to " : " ") + p.to->to_string() : std::string(" on")) + ".";
}

std::string actions_of(const Scope& s, const CaseRecord& c) {
  std::string out;
  for (const RecordedOutcome& o : s.outcomes(c))
    out += (out.empty() ? "" : "; ") + s.name(o.action);
  return out;
}

std::string how_addressed(const Scope& s, const CaseRecord& c) {
  std::string out;
  for (const RecordedOutcome& o : s.outcomes(c)) {
    out += (out.empty() ? "" : "; ") + s.name(o.action) + ": " + s.name(o.response) + " (" +
           s.name(o.compliance) + ")";
  }
  return out;
}

std::string review(const CaseRecord& c) {
  std::string out;
  if (c.sign_offs & 2) out = "signed off by counsel";
  if (c.sign_offs & 1) out += std::string(out.empty() ? "" : ", ") + "signed off by a supervisor";
  if (c.overridden_by) {
    out += std::string(out.empty() ? "" : ", ") + "overridden by " +
           (c.overridden_by == 2 ? "counsel" : "a supervisor");
  }
  return out;
}

// The span of the report's rows: its dates, else its cases'.
std::vector<std::string> span_of(const Scope& s,
                                 std::vector<std::string> (*labels)(int32_t, int32_t)) {
  int32_t first = 0, last = -1;
  return s.span(first, last) ? labels(first, last) : std::vector<std::string>{};
}

}  // namespace

Report il_805_25(const Scope& s) {
  Report r;
  r.title = "Illinois TRUST Act: annual report to the Attorney General";
  const ReportParameters& p = s.parameters();
  r.statements.push_back(period(p));
  Table support = listing("support_requests",
                          "Requests from the Department of Homeland Security for participation, "
                          "support or assistance in civil immigration enforcement, and how each "
                          "was addressed",
                          "5 ILCS 805/25(a)(1)",
                          {"case", "date_received", "receiving_agency", "requester", "instrument",
                           "actions_requested", "how_addressed", "review"});
  Table detainers = listing(
      "detainers_and_warrants", "Immigration detainers and civil immigration warrants received",
      "5 ILCS 805/25(a)(2)(A)-(E)",
      {"case", "receiving_agency", "instrument", "date_received", "bail_posted_at",
       "released_or_transferred", "released_or_transferred_at", "custody_agency"});
  const std::vector<std::string> month_rows = span_of(s, months);
  CrossTab support_counts("month", month_rows,
                          {"comply", "decline", "refer_supervisor", "refer_counsel"});
  CrossTab detainer_counts("month", month_rows, {"released", "transferred", "neither yet"});
  for (const CaseRecord& c : s.history().cases) {
    if (!s.in(c)) continue;
    const std::string& instrument = s.name(c.instrument);
    const std::string month = month_of(c.received.day());
    if (il_detainer_or_warrant(instrument)) {
      const bool transferred = c.transferred.happened() &&
                               (!c.released.happened() || c.transferred.unix <= c.released.unix);
      const When& out = transferred ? c.transferred : c.released;
      const char* what = transferred ? "transferred" : c.released.happened() ? "released" : "";
      detainers.text_rows.add({s.history().case_id(c), s.name(c.agency), instrument,
                               day_text(c.received.day()), time_text(c.bail_posted), what,
                               time_text(out), transferred ? s.name(c.transferred_to) : ""});
      detainer_counts.add(month, *what ? what : "neither yet");
    } else if (is_dhs(s.name(c.requester)) &&
               s.name(c.purpose) == "civil_immigration_enforcement") {
      support.text_rows.add({s.history().case_id(c), day_text(c.received.day()), s.name(c.agency),
                             s.name(c.requester), instrument, actions_of(s, c), how_addressed(s, c),
                             review(c)});
      for (const RecordedOutcome& o : s.outcomes(c)) support_counts.add(month, s.name(o.response));
    }
    ++r.cases;
  }
  if (support.text_rows.empty()) {
    r.statements.push_back(
        "5 ILCS 805/25(a)(1): the agency certifies that it received no requests from the "
        "Department of Homeland Security for participation, support or assistance in a civil "
        "immigration enforcement operation in the reporting period.");
  }
  if (detainers.text_rows.empty()) {
    r.statements.push_back(
        "5 ILCS 805/25(a)(2): the agency certifies that it received no immigration detainers or "
        "civil immigration warrants in the reporting period.");
  }
  r.statements.push_back(
      "5 ILCS 805/25(b): this report holds no names or other personally identifying information; "
      "trustgate records none.");
  detainers.notes.push_back(
      "released_or_transferred is empty while the person is neither released nor transferred; "
      "times are as the agency recorded them, with its UTC offset.");
  Table t = detainer_counts.table("detainers_by_month",
                                  "Detainers and civil immigration warrants by month received and "
                                  "what followed",
                                  "5 ILCS 805/25(a)(2)", "detainers and warrants");
  t.chart = "time";
  r.tables.push_back(std::move(t));
  t = support_counts.table("support_requests_by_month",
                           "Decided actions of support requests by month and response",
                           "5 ILCS 805/25(a)(1)", "decided actions");
  r.tables.push_back(std::move(t));
  if (!p.is_public) {
    r.tables.push_back(std::move(detainers));
    r.tables.push_back(std::move(support));
  }
  return r;
}

Report chicago_2_173_069(const Scope& s) {
  Report r;
  r.title = "Chicago Welcoming City Ordinance: quarterly report of the Police Department";
  const ReportParameters& p = s.parameters();
  r.statements.push_back(period(p));
  Table notifications = listing(
      "notifications",
      "Notifications to the Office of Emergency Management and Communications of requests for "
      "assistance with civil immigration enforcement",
      "Chicago Mun. Code 2-173-069(a)",
      {"case", "quarter", "notified_at", "date_received", "requester", "actions_requested"});
  Table detainers = listing(
      "detainers_and_warrants", "Immigration detainers and administrative warrants received",
      "Chicago Mun. Code 2-173-069(a)",
      {"case", "quarter", "date_received", "instrument", "transferred", "to_agency"});
  const std::vector<std::string> quarter_rows = span_of(s, quarters);
  CrossTab notification_counts("quarter", quarter_rows, {"notifications"});
  CrossTab detainer_counts("quarter", quarter_rows,
                           {"transferred to a federal agency", "not transferred"});
  for (const CaseRecord& c : s.history().cases) {
    if (!s.in(c)) continue;
    ++r.cases;
    const std::string& instrument = s.name(c.instrument);
    if (!one_of(instrument, {"detainer", "admin_arrest_warrant", "admin_removal_warrant"}))
      continue;
    const bool transferred = c.transferred.happened() && federal(s.name(c.transferred_to));
    detainers.text_rows.add({s.history().case_id(c), quarter_of(c.received.day()),
                             day_text(c.received.day()), instrument, transferred ? "yes" : "no",
                             transferred ? s.name(c.transferred_to) : ""});
    detainer_counts.add(quarter_of(c.received.day()),
                        transferred ? "transferred to a federal agency" : "not transferred");
  }
  for (const Notification& n : s.history().notifications) {
    const CaseRecord& c = s.history().cases[n.case_index];
    if (!s.in(c) || s.name(n.to) != "chicago-oemc" ||
        s.name(c.purpose) != "civil_immigration_enforcement") {
      continue;
    }
    notifications.text_rows.add({s.history().case_id(c), quarter_of(n.at.day()), time_text(n.at),
                                 day_text(c.received.day()), s.name(c.requester),
                                 actions_of(s, c)});
    notification_counts.add(quarter_of(n.at.day()), "notifications");
  }
  notifications.notes.push_back(
      "A notification is a `notified` disposition with --to chicago-oemc on a request whose "
      "purpose is civil immigration enforcement.");
  Table t = detainer_counts.table("detainers_by_quarter",
                                  "Detainers and administrative warrants by quarter received and "
                                  "transfer",
                                  "Chicago Mun. Code 2-173-069(a)", "detainers and warrants");
  t.chart = "time";
  r.tables.push_back(std::move(t));
  r.tables.push_back(notification_counts.table("notifications_by_quarter",
                                               "Notifications by quarter",
                                               "Chicago Mun. Code 2-173-069(a)", "notifications"));
  if (!p.is_public) {
    r.tables.push_back(std::move(detainers));
    r.tables.push_back(std::move(notifications));
  }
  return r;
}

Report nyc_detainers(const Scope& s) {
  Report r;
  r.title = "New York City: civil immigration detainers received and honored";
  const ReportParameters& p = s.parameters();
  r.statements.push_back(period(p));
  r.statements.push_back(
      "Rows are the receiving departments, the local law's categories: the Department of "
      "Correction (Admin. Code 9-131), the Police Department (14-154), the Department of "
      "Probation (9-205).");
  const std::vector<std::string> outcomes = {"held, then transferred to ICE", "held, then released",
                                             "transferred to ICE, no hold", "not honored",
                                             "pending"};
  std::set<std::string> agencies;
  for (const CaseRecord& c : s.history().cases) {
    if (s.in(c) && s.name(c.instrument) == "detainer") agencies.insert(s.name(c.agency));
  }
  CrossTab by_agency("receiving_agency", {agencies.begin(), agencies.end()}, outcomes);
  CrossTab by_month("month", span_of(s, months), outcomes);
  for (const CaseRecord& c : s.history().cases) {
    if (!s.in(c)) continue;
    ++r.cases;
    if (s.name(c.instrument) != "detainer") continue;
    const bool to_ice = c.transferred.happened() && is_ice(s.name(c.transferred_to));
    const bool held = c.held.happened();
    const char* outcome = held && to_ice ? "held, then transferred to ICE"
                          : held         ? "held, then released"
                          : to_ice       ? "transferred to ICE, no hold"
                          : c.released.happened() || c.transferred.happened() ? "not honored"
                                                                              : "pending";
    by_agency.add(s.name(c.agency), outcome);
    by_month.add(month_of(c.received.day()), outcome);
  }
  Table partition = by_agency.table("detainer_outcomes",
                                    "Civil immigration detainers by department and what followed",
                                    "N.Y.C. Admin. Code 9-131, 14-154", "detainers");
  partition.row_margin_key = "detainers/agency";
  partition.notes.push_back(
      "\"held, then released\" counts a hold that ended without a transfer to ICE; \"not "
      "honored\" a release or transfer elsewhere without a hold; \"pending\" a detainer whose "
      "person is still in custody.");
  Table monthly = by_month.table("detainers_by_month", "Civil immigration detainers by month",
                                 "N.Y.C. Admin. Code 9-131, 14-154", "detainers");
  monthly.chart = "time";
  // The four figures the law names, each a sum of the partition's columns.
  Table figures = listing(
      "figures",
      "Detainers received, held past release, transferred to ICE, "
      "not honored",
      "N.Y.C. Admin. Code 9-131, 14-154",
      {"receiving_agency", "received", "held_past_release", "transferred_to_ice", "not_honored"});
  r.tables.push_back(std::move(partition));
  r.tables.push_back(std::move(monthly));
  r.tables.push_back(std::move(figures));
  return r;
}

void nyc_figures(Report& r) {
  const Table* partition = r.table("detainer_outcomes");
  Table* figures = nullptr;
  for (Table& t : r.tables) {
    if (t.id == "figures") figures = &t;
  }
  if (!partition || !figures) return;
  // Columns of the partition after its label: 0 held+transferred, 1 held+released,
  // 2 transferred without hold, 3 not honored, 4 pending, 5 total.
  auto sum = [](const std::vector<Cell>& row, std::initializer_list<size_t> cols) {
    int64_t n = 0;
    for (size_t c : cols) {
      const Cell& cell = row[1 + c];
      if (cell.shown != Cell::Shown::Value) return cols.size() == 1 ? cell : Cell::of("suppressed");
      n += cell.count;
    }
    return Cell::of_count(n);
  };
  figures->rows.clear();
  for (const std::vector<Cell>& row : partition->rows) {
    figures->rows.push_back(
        {row[0], sum(row, {5}), sum(row, {0, 1}), sum(row, {0, 2}), sum(row, {3})});
  }
  figures->notes.push_back(
      "Each figure is a sum of detainer_outcomes columns; where one of them is suppressed the "
      "figure shows \"suppressed\".");
}

Report ca_truth_act(const Scope& s) {
  Report r;
  r.title = "California TRUTH Act: ICE access, for the annual community forum";
  const ReportParameters& p = s.parameters();
  r.statements.push_back(period(p));
  r.statements.push_back(
      "Gov't Code 7283.1(d): the local governing body of a county or city whose law enforcement "
      "agency provided ICE access to an individual during the last year holds at least one "
      "community forum in the following year; the agency may give data on the number of "
      "individuals, the date ICE access was provided, and whether it was through a hold, "
      "transfer or notification request or other means.");
  r.statements.push_back("trustgate records no demographic characteristics, so none are reported.");
  struct Access {
    const CaseRecord* c;
    int32_t day;
    const char* means;
  };
  std::vector<Access> accesses;
  for (const CaseRecord& c : s.history().cases) {
    if (!s.in(c)) continue;
    ++r.cases;
    if (c.held.happened()) accesses.push_back({&c, c.held.day(), "hold"});
    if (c.transferred.happened() && is_ice(s.name(c.transferred_to))) {
      accesses.push_back({&c, c.transferred.day(), "transfer"});
    }
    if (is_ice(s.name(c.requester))) {
      for (const RecordedOutcome& o : s.outcomes(c)) {
        if (one_of(s.name(o.action), {"interview_access", "share_records",
                                      "share_immigration_status", "database_access"}) &&
            s.name(o.response) == "comply") {
          accesses.push_back({&c, c.received.day(), "other"});
          break;
        }
      }
    }
  }
  for (const Notification& n : s.history().notifications) {
    const CaseRecord& c = s.history().cases[n.case_index];
    if (s.in(c) && is_ice(s.name(n.to))) accesses.push_back({&c, n.at.day(), "notification"});
  }
  std::stable_sort(accesses.begin(), accesses.end(), [](const Access& a, const Access& b) {
    return std::tie(a.day, a.c->seq) < std::tie(b.day, b.c->seq);
  });
  int32_t first = 0, last = -1;
  bool any = s.span(first, last);
  for (const Access& a : accesses) {
    if (!any) first = last = a.day, any = true;
    first = std::min(first, a.day);
    last = std::max(last, a.day);
  }
  const std::vector<std::string> month_rows =
      any ? months(first, last) : std::vector<std::string>{};
  CrossTab by_means("month", month_rows, {"hold", "transfer", "notification", "other"});
  CrossTab individuals("month", month_rows, {"individuals"});
  Table list = listing("ice_access", "Each ICE access", "Cal. Gov't Code 7283.1(d)",
                       {"case", "date", "means"});
  std::set<uint64_t> counted;
  for (const Access& a : accesses) {
    by_means.add(month_of(a.day), a.means);
    if (counted.insert(a.c->seq).second) individuals.add(month_of(a.day), "individuals");
    list.text_rows.add({s.history().case_id(*a.c), day_text(a.day), a.means});
  }
  Table t = by_means.table("ice_access_by_month", "ICE access by month and means",
                           "Cal. Gov't Code 7283.1(d)", "ICE accesses");
  t.chart = "time";
  t.notes.push_back(
      "hold: held beyond release; transfer: into ICE custody; notification: ICE told of a "
      "release; other: an interview, records, status or database request decided `comply`. A "
      "person may count under several means.");
  r.tables.push_back(std::move(t));
  t = individuals.table("individuals_by_month",
                        "Individuals given ICE access, by the month of their first access",
                        "Cal. Gov't Code 7283.1(d)", "individuals");
  r.tables.push_back(std::move(t));
  if (!p.is_public) r.tables.push_back(std::move(list));
  return r;
}

}  // namespace trustgate::report::build

#include "case_commands.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "base/clock.h"
#include "base/text.h"
#include "cli_util.h"
#include "init_command.h"
#include "trustgate/cases/case_view.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/due.h"
#include "trustgate/cases/workflow.h"

namespace trustgate::cli {

namespace {

using cases::Case;

struct CaseArgs {
  std::string data;
  std::string request;
  std::string id;
  std::string status;
  std::string jurisdiction;
  std::string agency;
  std::string supervisor;
  std::string counsel;
  std::string reason;
  bool on_site = false;
  std::string event;
  std::string at;
  std::string until;
  std::string to;
  std::string now;
  std::string format = "text";
  bool overdue = false;
};

int print_case(const base::Result<Case>& c, const std::string& context) {
  if (!c) return fail_with_kind(context, c.error());
  std::cout << cases::case_to_json(*c).canonical() << "\n";
  return kExitOk;
}

int run_submit(const CaseArgs& a) {
  auto text = read_file(a.request);
  if (!text) return fail(a.request, text.error());
  auto desk = open_desk(a.data, cases::Access::Write, true);
  if (!desk) return fail_with_kind("case submit", desk.error());
  auto submitted = (*desk)->workflow->submit(*text, cli_actor());
  if (!submitted) return fail_with_kind(a.request, submitted.error());
  if (!submitted->created) {
    std::cerr << "trustgate: the request id \"" << base::printable(submitted->case_.client_id)
              << "\" names case " << submitted->case_.id << " already: nothing new was recorded\n";
  }
  std::cout << cases::case_to_json(submitted->case_).canonical() << "\n";
  return kExitOk;
}

int run_list(const CaseArgs& a) {
  cases::CaseFilter filter;
  if (!a.status.empty()) {
    filter.state = cases::parse_state(a.status);
    if (!filter.state) {
      return fail("--status", cedar::Error{"unknown state \"" + base::printable(a.status) + "\" (" +
                                           cases::state_choices() + ")"});
    }
  }
  filter.jurisdiction = a.jurisdiction;
  filter.receiving_agency = a.agency;
  auto desk = open_desk(a.data, cases::Access::Read, false);
  if (!desk) return fail_with_kind("case list", desk.error());
  auto list = (*desk)->data.store->list(filter);
  if (!list) return fail_with_kind("case list", list.error());
  for (const Case& c : *list) {
    std::cout << c.id << "  " << cases::state_name(c.state) << "  " << c.jurisdiction << "  "
              << base::printable(c.receiving_agency) << "  " << base::printable(c.received_at)
              << "  " << (c.client_id.empty() ? "-" : base::printable(c.client_id));
    if (c.override_) std::cout << "  OVERRIDDEN by " << base::printable(c.override_->by);
    std::cout << "\n";
  }
  std::cerr << list->size() << " case" << (list->size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

// Runs one workflow step on a desk opened for writing and prints the case.
template <class F>
int run_step(const CaseArgs& a, const std::string& context, F step) {
  auto desk = open_desk(a.data, cases::Access::Write, false);
  if (!desk) return fail_with_kind(context, desk.error());
  return print_case(step(*(*desk)->workflow), context);
}

// The signer of a sign-off or override: --supervisor NAME or --counsel NAME.
base::Result<std::pair<cases::Role, std::string>> signer(const CaseArgs& a) {
  if (a.supervisor.empty() == a.counsel.empty()) {
    return base::invalid_field("--supervisor",
                               "name one signer: --supervisor NAME or --counsel NAME");
  }
  if (!a.supervisor.empty()) return std::pair{cases::Role::Supervisor, a.supervisor};
  return std::pair{cases::Role::Counsel, a.counsel};
}

CLI::App* add_step(CLI::App* group, const char* name, const char* help,
                   std::shared_ptr<CaseArgs> a) {
  CLI::App* cmd = group->add_subcommand(name, help);
  cmd->add_option("id", a->id, "Case id, e.g. C-000002")->required();
  cmd->add_option("--data", a->data,
                  "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)");
  return cmd;
}

void add_signer_options(CLI::App* cmd, const std::shared_ptr<CaseArgs>& a) {
  cmd->add_option("--supervisor", a->supervisor, "The supervisor's name (a case awaiting one)");
  cmd->add_option("--counsel", a->counsel, "Counsel's name (a case awaiting counsel)");
}

// `case record ID EVENT`: the disposition step from the flags.
base::Result<cases::DispositionStep> disposition_step(const CaseArgs& a) {
  auto kind = cases::parse_disposition(a.event);
  if (!kind) {
    return base::invalid_field("EVENT", "unknown event \"" + base::printable(a.event) + "\" (" +
                                            cases::disposition_choices() + ")");
  }
  cases::DispositionStep step{*kind, a.at.empty() ? base::now_utc_rfc3339() : a.at, a.until, a.to};
  if (*kind == cases::DispositionKind::Held && a.until.empty()) {
    return base::invalid_field("--until", "`held` needs --until TIME: when the hold ends");
  }
  const bool names_agency =
      *kind == cases::DispositionKind::Transferred || *kind == cases::DispositionKind::Notified;
  if (names_agency && a.to.empty()) {
    return base::invalid_field("--to", "`" + a.event + "` needs --to AGENCY");
  }
  return step;
}

int run_due(const CaseArgs& a) {
  int64_t now = base::now_unix_seconds();
  if (!a.now.empty()) {
    auto t = cases::parse_instant(a.now);
    if (!t) return fail_with_kind("case due", base::invalid_field("--now", t.error().message));
    now = t->unix;
  }
  if (a.format != "text" && a.format != "json") {
    return fail_with_kind("case due", base::invalid_field("--format", "text or json"));
  }
  cases::CaseFilter filter;
  filter.jurisdiction = a.jurisdiction;
  filter.receiving_agency = a.agency;
  auto desk = open_desk(a.data, cases::Access::Read, false);
  if (!desk) return fail_with_kind("case due", desk.error());
  auto list = (*desk)->data.store->list(filter);
  if (!list) return fail_with_kind("case due", list.error());
  const std::vector<cases::OpenDeadline> lines = cases::open_deadlines(*list, now, a.overdue);
  size_t late = 0;
  for (const cases::OpenDeadline& l : lines) {
    late += l.overdue;
    if (a.format == "json") {
      std::cout << cases::open_deadline_json(l).canonical() << "\n";
    } else {
      std::cout << l.c->id << "  " << l.status.deadline->obligation << "  due "
                << cases::format_instant(l.status.due) << (l.overdue ? "  OVERDUE" : "") << "  "
                << base::printable(l.c->receiving_agency) << "\n";
    }
  }
  std::cerr << lines.size() << " open deadline" << (lines.size() == 1 ? "" : "s") << ", " << late
            << " overdue\n";
  return kExitOk;
}

}  // namespace

cases::Actor cli_actor() {
  const passwd* pw = ::getpwuid(::geteuid());
  return cases::Actor{pw && pw->pw_name ? pw->pw_name : "uid-" + std::to_string(::geteuid()),
                      "cli"};
}

base::Result<std::unique_ptr<Desk>> open_desk(const std::string& data, cases::Access access,
                                              bool with_law) {
  auto desk = std::make_unique<Desk>();
  auto d = cases::open_data_dir(data_dir(data), access);
  if (!d) return d.error();
  desk->data = std::move(*d);
  std::shared_ptr<const policy::Library> library;
  if (with_law) {
    auto lib = policy::Library::open(desk->data.policies());
    if (!lib) return base::Error{"the data directory's policies: " + lib.error().describe()};
    library = *lib;
  }
  desk->library = library;
  desk->workflow = std::make_unique<cases::CaseWorkflow>(
      *desk->data.store, *desk->data.ledger, std::move(library), desk->data.archive.get());
  if (auto s = desk->workflow->open(); !s) return s.error();
  if (uint64_t lag = desk->workflow->store_lag(); lag > 0) {
    std::cerr << "trustgate: note: the case store has not applied the last " << lag
              << " ledger entries yet; the next write command applies them\n";
  }
  return desk;
}

void add_case_commands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand(
      "case",
      "Cases: submit requests, sign-off by supervisor or counsel, override, close. Exit 0 done, "
      "1 bad input, 3 no such case, 4 step not allowed, 5 damaged data, 6 I/O, 7 data "
      "directory busy, 8 permission");
  group->require_subcommand(1);
  auto a = std::make_shared<CaseArgs>();
  const std::string data_help = "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)";

  CLI::App* submit = group->add_subcommand(
      "submit",
      "Validate, decide (under the data directory's law) and record a request as a new case; "
      "prints the case JSON. A request whose id names a case already returns that case");
  submit->add_option("request", a->request, "Decision request JSON ('-' for stdin)")->required();
  submit->add_option("--data", a->data, data_help);
  submit->callback([a, &exit_code] { exit_code = run_submit(*a); });

  CLI::App* show = add_step(group, "show", "Print a case (request, decision, events) as JSON", a);
  show->callback([a, &exit_code] {
    auto desk = open_desk(a->data, cases::Access::Read, false);
    exit_code = desk ? print_case((*desk)->workflow->get(a->id), "case show")
                     : fail_with_kind("case show", desk.error());
  });

  CLI::App* list = group->add_subcommand(
      "list", "List cases: id, state, jurisdiction, agency, received_at, client id (reads only)");
  list->add_option("--status", a->status,
                   "Only cases in this state (" + cases::state_choices() + ")");
  list->add_option("--jurisdiction", a->jurisdiction, "Only cases of this jurisdiction");
  list->add_option("--agency", a->agency, "Only cases received by this agency");
  list->add_option("--data", a->data, data_help);
  list->callback([a, &exit_code] { exit_code = run_list(*a); });

  CLI::App* signoff = add_step(
      group, "signoff",
      "Sign off a case awaiting a supervisor (--supervisor NAME) or counsel (--counsel NAME)", a);
  add_signer_options(signoff, a);
  signoff->add_flag("--on-site", a->on_site,
                    "The supervisor is on site (required when the decision obliges it)");
  signoff->callback([a, &exit_code] {
    exit_code = run_step(*a, "case signoff", [&](cases::CaseWorkflow& w) -> base::Result<Case> {
      auto who = signer(*a);
      if (!who) return who.error();
      return w.sign_off(a->id, who->first, who->second, a->on_site, cli_actor());
    });
  });

  CLI::App* override_cmd =
      add_step(group, "override",
               "Override the decision of a case awaiting you (flagged in every report)", a);
  add_signer_options(override_cmd, a);
  override_cmd->add_option("--reason", a->reason, "Why the decision is overridden")->required();
  override_cmd->callback([a, &exit_code] {
    exit_code = run_step(*a, "case override", [&](cases::CaseWorkflow& w) -> base::Result<Case> {
      auto who = signer(*a);
      if (!who) return who.error();
      return w.override_decision(a->id, who->first, who->second, a->reason, cli_actor());
    });
  });

  CLI::App* record = add_step(
      group, "record",
      "Record what was done: released, held (--until), transferred (--to), notified (--to), "
      "notice_given or bail_posted, at --at (default: now); refused when the case does not allow "
      "it (after a release, before a needed override or sign-off, a time before the request)",
      a);
  record->add_option("event", a->event, cases::disposition_choices())->required();
  record->add_option("--at", a->at,
                     "When it happened, RFC 3339 with the agency's UTC offset (default: now)");
  record->add_option("--until", a->until, "held: when the hold ends (RFC 3339)");
  record->add_option("--to", a->to,
                     "transferred: the agency that took custody; notified: who was told "
                     "(e.g. ice-ero)");
  record->callback([a, &exit_code] {
    exit_code = run_step(*a, "case record", [&](cases::CaseWorkflow& w) -> base::Result<Case> {
      auto step = disposition_step(*a);
      if (!step) return step.error();
      return w.record(a->id, *step, cli_actor());
    });
  });

  CLI::App* due = group->add_subcommand(
      "due",
      "List the open deadlines of obligations (e.g. a detainer hold's 48 hours) of cases not "
      "closed, soonest first; with --overdue only those past due (reads only)");
  due->add_flag("--overdue", a->overdue, "Only deadlines that have passed");
  due->add_option("--now", a->now, "Judge overdue at this time (RFC 3339; default: now)");
  due->add_option("--jurisdiction", a->jurisdiction, "Only cases of this jurisdiction");
  due->add_option("--agency", a->agency, "Only cases received by this agency");
  due->add_option("--format", a->format, "text (default) or json (one object per line)");
  due->add_option("--data", a->data, data_help);
  due->callback([a, &exit_code] { exit_code = run_due(*a); });

  CLI::App* close = add_step(group, "close", "Close a decided, signed-off or overridden case", a);
  close->callback([a, &exit_code] {
    exit_code = run_step(*a, "case close",
                         [&](cases::CaseWorkflow& w) { return w.close(a->id, cli_actor()); });
  });
}

}  // namespace trustgate::cli

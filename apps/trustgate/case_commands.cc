#include "case_commands.h"

#include <iostream>
#include <memory>

#include "cli_util.h"
#include "init_command.h"
#include "policy_commands.h"
#include "trustgate/cases/data_dir.h"
#include "trustgate/cases/workflow.h"
#include "trustgate/common/json.h"

namespace trustgate::cli {

namespace {

using cases::Case;
using common::Json;

struct CaseArgs {
  std::string data;
  std::string policies;
  std::string request;
  std::string id;
  std::string status;
  std::string supervisor;
  std::string reason;
  bool on_site = false;
};

// An open data directory with a workflow whose store has caught up with the
// ledger. `decider` stays null unless submitting.
struct Desk {
  cases::DataDir data;
  std::unique_ptr<cases::Decider> decider;
  std::unique_ptr<cases::CaseWorkflow> workflow;
};

cedar::Result<std::unique_ptr<Desk>> open_desk(const CaseArgs& a, bool with_decider) {
  auto desk = std::make_unique<Desk>();
  auto d = cases::open_data_dir(data_dir(a.data));
  if (!d) return d.error();
  desk->data = std::move(*d);
  if (with_decider) {
    auto lib = open_library(a.policies.empty() ? desk->data.config.policies : a.policies);
    if (!lib) return cedar::Error{"policies: " + lib.error().describe()};
    desk->decider = cases::make_policy_decider(*lib);
  }
  desk->workflow = std::make_unique<cases::CaseWorkflow>(*desk->data.store, *desk->data.ledger,
                                                         desk->decider.get());
  auto caught_up = desk->workflow->reconcile();
  if (!caught_up) return caught_up.error();
  return desk;
}

Json parsed_or_string(const std::string& text) {
  if (text.empty()) return Json();
  auto j = common::parse_json(text);
  return j ? *j : Json(text);
}

Json case_json(const Case& c) {
  Json j = Json::object();
  j.set("id", c.id);
  j.set("state", std::string(cases::state_name(c.state)));
  j.set("client_id", c.client_id);
  j.set("jurisdiction", c.jurisdiction);
  j.set("received_at", c.received_at);
  j.set("policy_version", c.policy_version);
  j.set("needs_supervisor", c.needs_supervisor);
  j.set("needs_on_site", c.needs_on_site);
  j.set("supervisor", c.supervisor);
  j.set("on_site", c.on_site);
  j.set("overridden", c.overridden);
  j.set("override_reason", c.override_reason);
  j.set("request", parsed_or_string(c.request_json));
  j.set("decision", parsed_or_string(c.decision_json));
  Json events = Json::array();
  for (const auto& e : c.events) {
    Json ev = Json::object();
    ev.set("seq", e.seq);
    ev.set("event", e.kind);
    ev.set("at", e.at);
    events.push(std::move(ev));
  }
  j.set("events", std::move(events));
  return j;
}

int print_case(const cedar::Result<Case>& c, const std::string& context) {
  if (!c) return fail(context, c.error());
  std::cout << case_json(*c).canonical() << "\n";
  return kExitOk;
}

int run_submit(const CaseArgs& a) {
  auto text = read_file(a.request);
  if (!text) return fail(a.request, text.error());
  auto desk = open_desk(a, true);
  if (!desk) return fail("case submit", desk.error());
  return print_case((*desk)->workflow->submit(*text), a.request);
}

int run_list(const CaseArgs& a) {
  std::optional<cases::CaseState> state;
  if (!a.status.empty()) {
    state = cases::parse_state(a.status);
    if (!state) {
      return fail("--status", cedar::Error{"unknown state \"" + a.status + "\" (" +
                                           cases::state_choices() + ")"});
    }
  }
  auto desk = open_desk(a, false);
  if (!desk) return fail("case list", desk.error());
  auto list = (*desk)->data.store->list(state);
  if (!list) return fail("case list", list.error());
  for (const Case& c : *list) {
    std::cout << c.id << "  " << cases::state_name(c.state) << "  " << c.jurisdiction << "  "
              << c.received_at << (c.overridden ? "  OVERRIDDEN by " + c.supervisor : "") << "\n";
  }
  std::cerr << list->size() << " case" << (list->size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

// Runs one workflow step on an opened desk and prints the case.
template <class F>
int run_step(const CaseArgs& a, const std::string& context, F step) {
  auto desk = open_desk(a, false);
  if (!desk) return fail(context, desk.error());
  return print_case(step(*(*desk)->workflow), context);
}

CLI::App* add_step(CLI::App* group, const char* name, const char* help,
                   std::shared_ptr<CaseArgs> a) {
  CLI::App* cmd = group->add_subcommand(name, help);
  cmd->add_option("id", a->id, "Case id, e.g. C-000001")->required();
  cmd->add_option("--data", a->data,
                  "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)");
  return cmd;
}

}  // namespace

void add_case_commands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand(
      "case", "Cases: submit requests, the supervisor workflow. Exit 0 done, 1 error or refused");
  group->require_subcommand(1);
  auto a = std::make_shared<CaseArgs>();
  const std::string data_help = "Data directory (default: $TRUSTGATE_DATA or ./trustgate-data)";

  CLI::App* submit = group->add_subcommand(
      "submit", "Validate, decide and record a request as a new case; prints the case JSON");
  submit->add_option("request", a->request, "Decision request JSON ('-' for stdin)")->required();
  submit->add_option("--data", a->data, data_help);
  submit->add_option("--policies", a->policies,
                     "Policies folder (default: the data dir's, or ./policies)");
  submit->callback([a, &exit_code] { exit_code = run_submit(*a); });

  CLI::App* show = add_step(group, "show", "Print a case (request, decision, events) as JSON", a);
  show->callback([a, &exit_code] {
    exit_code = run_step(*a, "case show", [&](cases::CaseWorkflow& w) { return w.get(a->id); });
  });

  CLI::App* list =
      group->add_subcommand("list", "List cases: id, state, jurisdiction, received_at");
  list->add_option("--status", a->status,
                   "Only cases in this state (" + cases::state_choices() + ")");
  list->add_option("--data", a->data, data_help);
  list->callback([a, &exit_code] { exit_code = run_list(*a); });

  CLI::App* signoff = add_step(group, "signoff", "A supervisor signs off a case awaiting one", a);
  signoff->add_option("--supervisor", a->supervisor, "The supervisor's name")->required();
  signoff->add_flag("--on-site", a->on_site, "The supervisor is on site (required when obliged)");
  signoff->callback([a, &exit_code] {
    exit_code = run_step(*a, "case signoff", [&](cases::CaseWorkflow& w) {
      return w.sign_off(a->id, a->supervisor, a->on_site);
    });
  });

  CLI::App* override_cmd = add_step(
      group, "override", "A supervisor overrides the decision (flagged in every report)", a);
  override_cmd->add_option("--supervisor", a->supervisor, "The supervisor's name")->required();
  override_cmd->add_option("--reason", a->reason, "Why the decision is overridden")->required();
  override_cmd->callback([a, &exit_code] {
    exit_code = run_step(*a, "case override", [&](cases::CaseWorkflow& w) {
      return w.override_decision(a->id, a->supervisor, a->reason);
    });
  });

  CLI::App* close = add_step(group, "close", "Close a decided, signed-off or overridden case", a);
  close->callback([a, &exit_code] {
    exit_code = run_step(*a, "case close", [&](cases::CaseWorkflow& w) { return w.close(a->id); });
  });
}

}  // namespace trustgate::cli

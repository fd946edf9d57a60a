#include "guide_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/text.h"
#include "cli_util.h"
#include "policy_commands.h"
#include "trustgate/guide/guide.h"

namespace trustgate::cli {

namespace {

struct GuideArgs {
  std::string jurisdiction;
  std::string agency;
  std::string at;
  std::string lang = "en";
  std::string format = "html";
  std::string out;
  std::string policies;
};

// The command-line argument a library error's field stands for.
std::string argument_for(const std::string& field) {
  if (field == "/jurisdiction") return "JURISDICTION";
  if (field == "/agency") return "--agency";
  return "guide";
}

int run_guide(const GuideArgs& a) {
  auto lib = open_library(a.policies);
  if (!lib) return fail("policies", lib.error());
  policy::Date date = policy::today_utc();
  if (!a.at.empty()) {
    auto d = policy::parse_date(a.at);
    if (!d) return fail("--at", d.error());
    date = *d;
  } else if (auto chain = (*lib)->chain(a.jurisdiction)) {
    date = chain->local_date(base::now_unix_seconds(), date);
  }
  auto lang = policy::parse_language(a.lang);
  auto format = guide::parse_format(a.format);
  if (!lang) return fail("--lang", cedar::Error{"expected en or es, not \"" + a.lang + "\""});
  if (!format) return fail("--format", cedar::Error{"expected html, pdf or md"});
  auto text = guide::render_guide(**lib, a.jurisdiction, a.agency, date, *lang, *format);
  if (!text) {
    base::Error e = text.error();
    std::string where = argument_for(e.field);
    e.field.clear();
    return where == "guide" ? fail_with_kind("guide", e) : fail(where, e);
  }
  if (a.out.empty() || a.out == "-") {
    std::cout.write(text->data(), static_cast<std::streamsize>(text->size()));
    std::cout.flush();
    return std::cout ? kExitOk : fail("stdout", cedar::Error{"cannot write"});
  }
  std::ofstream file(a.out, std::ios::binary | std::ios::trunc);
  file.write(text->data(), static_cast<std::streamsize>(text->size()));
  file.close();
  if (!file) return fail("--out", cedar::Error{"cannot write " + a.out});
  return kExitOk;
}

}  // namespace

void add_guide_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<GuideArgs>();
  CLI::App* cmd = app.add_subcommand(
      "guide",
      "Print the field guide for one agency: for each document (detainer, notification request, "
      "administrative warrant, judge's warrant or order, subpoena, phone call or visit) and each "
      "thing asked (hold, release date, let agents in, interview, share records or status, "
      "database access, help on the scene) the answer — COMPLY / DECLINE / CALL A SUPERVISOR / "
      "CALL COUNSEL — with what changes it, citations and obligations, derived by deciding the "
      "whole request space. A one-page summary table, then a page per document");
  cmd->add_option("jurisdiction", a->jurisdiction, "Jurisdiction id (e.g. us-il-chicago)")
      ->required();
  cmd->add_option("--agency", a->agency, "Receiving agency id of the jurisdiction's registry")
      ->required();
  cmd->add_option("--at", a->at,
                  "The law in force on this date, YYYY-MM-DD (default: today in the "
                  "jurisdiction's time zone)");
  cmd->add_option("--lang", a->lang, "en (default) or es");
  cmd->add_option("--format", a->format,
                  "html (default; printable), pdf (Chromium's print of the HTML) or md");
  cmd->add_option("--out", a->out, "Write to this file (default: standard output)");
  cmd->add_option("--policies", a->policies,
                  "Policies folder (default: $TRUSTGATE_POLICIES, ./policies, or the policies "
                  "shipped beside the executable)");
  cmd->callback([a, &exit_code] { exit_code = run_guide(*a); });
}

}  // namespace trustgate::cli

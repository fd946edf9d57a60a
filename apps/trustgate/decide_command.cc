#include "decide_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/json_string.h"
#include "base/text.h"
#include "cli_util.h"
#include "policy_commands.h"
#include "trustgate/intake/intake.h"
#include "trustgate/policy/decision.h"

namespace trustgate::cli {

namespace {

using policy::Library;

constexpr int kExitSomeRejected = 2;

struct DecideArgs {
  std::string request;
  std::string batch;
  std::string at;
  std::string format = "json";
  std::string policies;
};

// Decides one request text through the one intake; the rendering, or an
// error naming the field.
base::Result<std::string> decide_text(const Library& lib, std::string_view text,
                                      const policy::DecideOptions& options, bool as_text) {
  auto intake =
      intake::parse_request(text, lib, base::now_unix_seconds(), intake::Keep::RequestOnly);
  if (!intake) return intake.error();
  auto decision = policy::decide(lib, intake->request, options);
  if (!decision) return decision.error();
  return as_text ? policy::decision_to_text(*decision, lib.vocabulary())
                 : policy::decision_to_json(*decision, lib.vocabulary());
}

// {"line": N, "field": "/pointer", "error": "message"}
std::string error_line(size_t line, const base::Error& e) {
  std::string out = "{\"line\":" + std::to_string(line) + ",\"field\":";
  base::append_json_string(out, e.field);
  out += ",\"error\":";
  base::append_json_string(out, e.message);
  return out + "}";
}

// Reads the input line by line and prints one decision (or error object)
// per request line as it goes; blank lines are skipped, not counted.
int run_batch(const Library& lib, const DecideArgs& a, const policy::DecideOptions& options) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (a.batch != "-") {
    file.open(a.batch, std::ios::binary);
    if (!file) return fail("--batch", cedar::Error{"cannot read " + a.batch});
    in = &file;
  }
  const bool as_text = a.format == "text";
  const bool progress = stderr_is_tty();
  size_t line_no = 0, decided = 0, rejected = 0;
  std::string line;
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto out = decide_text(lib, line, options, as_text);
    if (out) {
      ++decided;
      std::cout << *out << "\n";
    } else {
      ++rejected;
      if (as_text) {
        std::cout << "Line " << line_no << ": REJECTED — "
                  << base::printable(out.error().describe()) << "\n\n";
      } else {
        std::cout << error_line(line_no, out.error()) << "\n";
      }
    }
    if (progress && (decided + rejected) % 1024 == 0) {
      std::cerr << "\r" << decided << " decided, " << rejected << " rejected" << std::flush;
    }
  }
  std::cout.flush();
  if (progress) std::cerr << "\r";
  std::cerr << "decided " << decided << ", rejected " << rejected << "\n";
  return rejected ? kExitSomeRejected : kExitOk;
}

int run_decide(const DecideArgs& a) {
  auto lib = open_library(a.policies);
  if (!lib) return fail("policies", lib.error());
  policy::DecideOptions options;
  if (!a.at.empty()) {
    auto date = policy::parse_date(a.at);
    if (!date) return fail("--at", date.error());
    options.at = *date;
  }
  if (!a.batch.empty()) return run_batch(**lib, a, options);
  auto text = read_file(a.request);
  if (!text) return fail(a.request, text.error());
  auto out = decide_text(**lib, *text, options, a.format == "text");
  if (!out) return fail(a.request, out.error());
  std::cout << *out << (a.format == "text" ? "" : "\n");
  return kExitOk;
}

}  // namespace

void add_decide_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<DecideArgs>();
  CLI::App* cmd = app.add_subcommand(
      "decide",
      "Decide a request from federal authorities: per action required / prohibited / "
      "discretionary / conflict, with citations. Records nothing. Exit 0 decided, 1 bad request "
      "(the message names the field) or unreadable input, 2 (--batch) some lines rejected");
  auto* req = cmd->add_option("request", a->request, "Decision request JSON file ('-' for stdin)");
  auto* batch = cmd->add_option(
      "--batch", a->batch,
      "JSONL file of requests ('-' for stdin), read and answered line by line: one decision, "
      "or {\"line\", \"field\", \"error\"}, per non-blank line");
  req->excludes(batch);
  cmd->add_option("--at", a->at, "Decide under the law in force on this date (YYYY-MM-DD)");
  cmd->add_option("--format", a->format, "json (the decision JSON) or text (for a desk officer)")
      ->check(CLI::IsMember({"json", "text"}));
  cmd->add_option("--policies", a->policies,
                  "Policies folder (default: $TRUSTGATE_POLICIES, ./policies, or the policies "
                  "shipped beside the executable)");
  cmd->callback([a, &exit_code] {
    if (a->request.empty() && a->batch.empty()) {
      std::cerr << "trustgate: decide: give REQUEST.json or --batch IN.jsonl\n";
      exit_code = kExitError;
      return;
    }
    exit_code = run_decide(*a);
  });
}

}  // namespace trustgate::cli

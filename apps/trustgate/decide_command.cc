#include "decide_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli_util.h"
#include "policy_commands.h"
#include "trustgate/policy/decision.h"

namespace trustgate::cli {

namespace {

using policy::Library;

struct DecideArgs {
  std::string request;
  std::string batch;
  std::string at;
  std::string format = "json";
  std::string policies;
};

// Decides one request text; the rendering, or an error naming the field.
cedar::Result<std::string> decide_text(const Library& lib, std::string_view text,
                                       const policy::DecideOptions& options, bool as_text) {
  auto request = policy::parse_request(text, lib.vocabulary());
  if (!request) return request.error();
  auto decision = policy::decide(lib, *request, options);
  if (!decision) return decision.error();
  return as_text ? policy::decision_to_text(*decision, lib.vocabulary())
                 : policy::decision_to_json(*decision, lib.vocabulary());
}

void draw_progress(size_t done, size_t total) {
  constexpr int kWidth = 40;
  int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
  std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << "] "
            << done << "/" << total << std::flush;
}

std::string error_line(size_t line, const std::string& message) {
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  }
  return "{\"line\":" + std::to_string(line) + ",\"error\":\"" + escaped + "\"}";
}

// Streams one decision (or error object) per non-empty input line.
int run_batch(const Library& lib, const DecideArgs& a, const policy::DecideOptions& options) {
  auto text = read_file(a.batch);
  if (!text) return fail("--batch", text.error());
  size_t total = 0;
  for (char c : *text) total += c == '\n';
  if (!text->empty() && text->back() != '\n') ++total;
  const bool progress = stderr_is_tty();
  size_t line_no = 0, failed = 0, pos = 0;
  while (pos < text->size()) {
    size_t end = text->find('\n', pos);
    if (end == std::string::npos) end = text->size();
    std::string_view line(text->data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto out = decide_text(lib, line, options, false);
    if (out) {
      std::cout << *out << "\n";
    } else {
      ++failed;
      std::cout << error_line(line_no, out.error().message) << "\n";
    }
    if (progress && (line_no % 256 == 0 || pos >= text->size())) draw_progress(line_no, total);
  }
  if (progress) std::cerr << "\n";
  std::cerr << "decided " << (line_no - failed) << ", rejected " << failed << "\n";
  return failed ? kExitError : kExitOk;
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
      "discretionary / conflict, with citations. Exit 0 decided, 1 bad request");
  auto* req = cmd->add_option("request", a->request, "Decision request JSON file ('-' for stdin)");
  auto* batch = cmd->add_option("--batch", a->batch,
                                "JSONL file of requests; prints one decision (or error) per line");
  req->excludes(batch);
  cmd->add_option("--at", a->at, "Decide under the law in force on this date (YYYY-MM-DD)");
  cmd->add_option("--format", a->format, "json (the decision JSON) or text (for a desk officer)")
      ->check(CLI::IsMember({"json", "text"}));
  cmd->add_option("--policies", a->policies, "Policies folder (default: ./policies)");
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

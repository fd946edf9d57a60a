// `trustgate cedar test-corpus ROOT`: Cedar integration-test conformance;
// `trustgate cedar test-items FILE`: single checks against recorded answers
// of Cedar's reference implementation (cedar_conformance/items.h).
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "cedar_commands.h"
#include "cedar_conformance/corpus.h"
#include "cedar_conformance/items.h"
#include "cli_util.h"
#include "trustgate/common/json.h"

namespace trustgate::cli {

namespace {

struct CorpusArgs {
  std::string root;
  bool json = false;
  bool no_timing = false;
  std::string exclude;  // file of "file#request" lines left out of the timing
  std::string scope_without_action = "error";
  size_t failures = 3;
};

// --scope-without-action: "error" (before Cedar 4.13, as the published
// corpus expects) or "warning" (Cedar 4.13).
cedar::Result<bool> scope_without_action_is_error(const std::string& value) {
  if (value == "error") return true;
  if (value == "warning") return false;
  return cedar::Error{"--scope-without-action: expected `error` or `warning`, got `" + value + "`"};
}

// Reads --exclude: one "file#request" per line; blank lines are skipped.
cedar::Result<std::set<std::string>> read_untimed(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  std::set<std::string> lines;
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.insert(line);
  }
  return lines;
}

void print_failures(const cedar::conformance::CorpusReport& r,
                    const std::map<std::string, size_t>& by_category, const char* unit) {
  for (const auto& [category, count] : by_category) {
    std::cout << "FAILED " << category << ": " << count << " " << unit << "\n";
    for (const auto& f : r.failures) {
      if (f.category != category) continue;
      std::cout << "  " << f.file;
      if (!f.request.empty()) std::cout << " [" << f.request << "]";
      std::cout << ": " << f.detail << "\n";
    }
  }
}

// Authorization and validation are listed apart; the last line counts
// authorization requests, policy and request validation checks and entity
// validation checks (a validation disagreement is a failure).
void print_report(const cedar::conformance::CorpusReport& r) {
  print_failures(r, r.failures_by_category, "request(s)");
  print_failures(r, r.validation_failures_by_category, "check(s)");
  std::cout << r.files << " test files\n";
  std::cout << "authorization: " << r.passed << " passed, " << r.failed << " failed\n";
  std::cout << "validation: " << r.validation_agree() << " of " << r.validation_total()
            << " agree (policies: " << r.policy_validation_agree << " of "
            << r.policy_validation_total
            << " test files match shouldValidate; requests: " << r.request_validation_passed
            << " of " << r.request_validation_total << " validate)\n";
  std::cout << "entity validation: " << r.entity_validation_passed << " of "
            << r.entity_validation_total << " test files' entities conform to their schema\n";
  std::cout << r.passed + r.validation_agree() + r.entity_validation_passed << " passed, "
            << r.failed + r.validation_failed() + r.entity_validation_failed() << " failed\n";
}

int run(const CorpusArgs& a) {
  cedar::conformance::CorpusOptions options;
  options.timing = !a.no_timing;
  options.failures_per_category = a.failures;
  auto scope_error = scope_without_action_is_error(a.scope_without_action);
  if (!scope_error) return fail(scope_error.error());
  options.validation.scope_without_action_is_error = *scope_error;
  if (!a.exclude.empty()) {
    auto untimed = read_untimed(a.exclude);
    if (!untimed) return fail(a.exclude, untimed.error());
    options.untimed = std::move(*untimed);
  }
  if (stderr_is_tty()) {
    options.progress = [](size_t done, size_t total) {
      if (done % 50 != 0 && done != total) return;
      std::fprintf(stderr, "\r%zu/%zu test files", done, total);
      if (done == total) std::fputc('\n', stderr);
    };
  }
  auto report = cedar::conformance::run_corpus(a.root, options);
  if (!report) return fail(a.root, report.error());
  const auto& r = *report;
  print_report(r);
  if (a.json) {
    std::printf(
        "{\"files\":%zu,\"passed\":%zu,\"failed\":%zu,\"validation_agree\":%zu,"
        "\"validation_total\":%zu,\"policy_validation_agree\":%zu,"
        "\"policy_validation_total\":%zu,\"request_validation_passed\":%zu,"
        "\"request_validation_total\":%zu,\"entity_validation_passed\":%zu,"
        "\"entity_validation_total\":%zu,\"call_us_mean\":%.3f,\"authorize_ns_median\":%.1f,"
        "\"timed\":%zu}\n",
        r.files, r.passed, r.failed, r.validation_agree(), r.validation_total(),
        r.policy_validation_agree, r.policy_validation_total, r.request_validation_passed,
        r.request_validation_total, r.entity_validation_passed, r.entity_validation_total,
        r.call_us_mean, r.authorize_ns_median, r.timed);
  }
  bool ok = r.failed == 0 && r.validation_failed() == 0 && r.entity_validation_failed() == 0 &&
            r.files > 0;
  return ok ? kExitOk : kExitError;
}

}  // namespace

void add_test_corpus(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<CorpusArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "test-corpus",
      "Run Cedar integration tests (a directory like cedar-integration-tests, or a .tar.gz)");
  cmd->add_option("ROOT", a->root, "Test root: tests/ and corpus-tests/ or corpus-tests.tar.gz")
      ->required();
  cmd->add_flag("--json", a->json,
                "End with one JSON line: passed, failed, validation counts, timing");
  cmd->add_flag("--no-timing", a->no_timing, "Skip the timing measurements");
  cmd->add_option("--exclude", a->exclude,
                  "File of \"file#request\" lines to leave out of the timing (still checked)");
  cmd->add_option("--scope-without-action", a->scope_without_action,
                  "A policy whose scope no action applies to: `error` (default; Cedar before "
                  "4.13, which generated the published corpus) or `warning` (Cedar 4.13)");
  cmd->add_option("--failures", a->failures, "Failures to list per category (default 3)");
  cmd->callback([a, &exit_code] { exit_code = run(*a); });
}

namespace {

struct ItemsArgs {
  std::string path;
  std::string scope_without_action = "warning";
  bool json = false;
};

int run_items(const ItemsArgs& a) {
  auto scope_error = scope_without_action_is_error(a.scope_without_action);
  if (!scope_error) return fail(scope_error.error());
  cedar::ValidationOptions validation;
  validation.scope_without_action_is_error = *scope_error;
  auto report = cedar::conformance::run_items_file(a.path, validation);
  if (!report) return fail(a.path, report.error());
  for (const auto& d : report->disagreements) {
    std::cout << "DISAGREE " << d.kind << " " << d.id << ": " << d.detail << "\n";
  }
  for (const auto& [kind, total] : report->total_by_kind) {
    auto it = report->disagree_by_kind.find(kind);
    size_t bad = it == report->disagree_by_kind.end() ? 0 : it->second;
    std::cout << kind << ": " << total - bad << " of " << total << " agree\n";
  }
  if (report->total_by_kind.count("format")) {
    std::cout << "format: " << report->format_identical << " of "
              << report->total_by_kind.at("format")
              << " byte-identical to the reference's layout\n";
  }
  size_t bad = report->disagreements_count();
  std::cout << report->total() - bad << " passed, " << bad << " failed\n";
  if (a.json) {
    common::Json out = common::Json::object();
    common::Json& ids = out.set("disagreements", common::Json::array());
    for (const auto& d : report->disagreements) {
      common::Json one = common::Json::object();
      one.set("id", d.id);
      one.set("kind", d.kind);
      one.set("detail", d.detail);
      ids.push(std::move(one));
    }
    std::cout << out.canonical() << "\n";
  }
  return bad == 0 && report->total() > 0 ? kExitOk : kExitError;
}

}  // namespace

void add_test_items(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<ItemsArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "test-items",
      "Run single checks against recorded answers of Cedar's reference implementation (JSON "
      "Lines: parse, format, schema, entities, validate, authorize; see "
      "tools/difftest/README.md); exit 0 when all agree");
  cmd->add_option("FILE", a->path, "The items file (.jsonl)")->required();
  cmd->add_option("--scope-without-action", a->scope_without_action,
                  "A policy whose scope no action applies to: `warning` (default; Cedar 4.13) or "
                  "`error` (Cedar before 4.13)");
  cmd->add_flag("--json", a->json,
                "End with one JSON line: {\"disagreements\": [{\"id\", \"kind\", \"detail\"}]}");
  cmd->callback([a, &exit_code] { exit_code = run_items(*a); });
}

}  // namespace trustgate::cli

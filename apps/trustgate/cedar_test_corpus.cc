// `trustgate cedar test-corpus ROOT`: Cedar integration-test conformance.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cedar_commands.h"
#include "cli_util.h"
#include "conformance/corpus.h"

namespace trustgate::cli {

namespace {

struct CorpusArgs {
  std::string root;
  bool json = false;
  bool no_timing = false;
};

void print_report(const cedar::conformance::CorpusReport& r) {
  for (const auto& [category, count] : r.failures_by_category) {
    std::cout << "FAILED " << category << ": " << count << " request(s)\n";
    for (const auto& f : r.failures) {
      if (f.category != category) continue;
      std::cout << "  " << f.file;
      if (!f.request.empty()) std::cout << " [" << f.request << "]";
      std::cout << ": " << f.detail << "\n";
    }
  }
  std::cout << r.files << " test files\n";
}

int run(const CorpusArgs& a) {
  cedar::conformance::CorpusOptions options;
  options.timing = !a.no_timing;
  if (stderr_is_tty()) {
    options.progress = [](size_t done, size_t total) {
      if (done % 50 != 0 && done != total) return;
      std::fprintf(stderr, "\r%zu/%zu test files", done, total);
      if (done == total) std::fputc('\n', stderr);
    };
  }
  auto report = cedar::conformance::run_corpus(a.root, options);
  if (!report) return fail(a.root, report.error());
  print_report(*report);
  std::cout << report->passed << " passed, " << report->failed << " failed\n";
  if (a.json) {
    std::printf(
        "{\"files\":%zu,\"passed\":%zu,\"failed\":%zu,\"call_us_mean\":%.3f,"
        "\"authorize_ns_median\":%.1f}\n",
        report->files, report->passed, report->failed, report->call_us_mean,
        report->authorize_ns_median);
  }
  return report->failed == 0 && report->files > 0 ? kExitOk : kExitError;
}

}  // namespace

void add_test_corpus(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<CorpusArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "test-corpus",
      "Run Cedar integration tests (a directory like cedar-integration-tests, or a .tar.gz)");
  cmd->add_option("ROOT", a->root, "Test root: tests/ and corpus-tests/ or corpus-tests.tar.gz")
      ->required();
  cmd->add_flag("--json", a->json, "End with one JSON line: passed, failed, timing");
  cmd->add_flag("--no-timing", a->no_timing, "Skip the timing measurements");
  cmd->callback([a, &exit_code] { exit_code = run(*a); });
}

}  // namespace trustgate::cli

// `trustgate cedar format`: pretty-prints Cedar policies (cedar/format.h).
//
//   trustgate cedar format [--policies FILE] [--write | --check]
//                          [--line-width N] [--indent N]
//
// Prints the formatted policies to stdout; --write rewrites FILE in place;
// --check prints nothing on success and exits 3 (naming the file) when FILE
// is not formatted. A parse error exits 1 with line:column.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cedar/format.h"
#include "cedar_commands.h"
#include "cli_util.h"

namespace trustgate::cli {

namespace {

constexpr int kExitUnformatted = 3;

struct FormatArgs {
  std::string policies = "-";
  bool write = false;
  bool check = false;
  int line_width = 80;
  int indent = 2;
};

// Replaces `path` with `text` through a temporary file and a rename, keeping
// the file's permissions.
cedar::Status replace_file(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  fs::path tmp = path + ".format.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return cedar::Error{"cannot write " + tmp.string()};
  }
  std::error_code ec;
  fs::permissions(tmp, fs::status(path, ec).permissions(), ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return cedar::Error{"cannot replace " + path};
  }
  return cedar::Status::Ok();
}

int run_format(const FormatArgs& a) {
  std::string name = a.policies == "-" ? "<stdin>" : a.policies;
  if (a.write && a.policies == "-") {
    return fail("--write",
                cedar::Error{"needs --policies FILE (standard input cannot be rewritten)"});
  }
  auto text = read_file(a.policies);
  if (!text) return fail(name, text.error());
  cedar::FormatOptions options;
  options.line_width = a.line_width;
  options.indent = a.indent;
  auto formatted = cedar::format_policies(*text, options);
  if (!formatted) return fail(name, formatted.error());
  if (a.check) {
    if (*formatted == *text) return kExitOk;
    std::cerr << "trustgate: " << name << ": not formatted (`trustgate cedar format --write` "
              << "would change it)\n";
    return kExitUnformatted;
  }
  if (!a.write) {
    std::cout << *formatted;
    return kExitOk;
  }
  if (*formatted == *text) return kExitOk;
  cedar::Status s = replace_file(a.policies, *formatted);
  return s ? kExitOk : fail(name, s.error());
}

}  // namespace

void add_format(CLI::App& cedar, int& exit_code) {
  auto a = std::make_shared<FormatArgs>();
  CLI::App* cmd = cedar.add_subcommand(
      "format",
      "Format Cedar policies (comments kept); prints the result, or with --write rewrites the "
      "file, or with --check exits 0 if already formatted and 3 if not; 1 on a parse error");
  cmd->add_option("-p,--policies", a->policies, "Cedar policy file (default: standard input)");
  auto* write = cmd->add_flag("-w,--write", a->write, "Rewrite the file in place");
  cmd->add_flag("--check", a->check, "Only check: exit 0 if formatted, 3 if not")->excludes(write);
  cmd->add_option("--line-width", a->line_width, "Preferred maximum line width")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cmd->add_option("--indent", a->indent, "Spaces per indentation level")
      ->check(CLI::Range(0, 16))
      ->capture_default_str();
  cmd->callback([a, &exit_code] { exit_code = run_format(*a); });
}

}  // namespace trustgate::cli

#include "policy_commands.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli_util.h"
#include "trustgate/policy/analysis.h"
#include "trustgate/policy/scenario.h"

namespace trustgate::cli {

namespace fs = std::filesystem;
using policy::Library;

std::string policies_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("TRUSTGATE_POLICIES"); env && *env) return env;
  if (fs::exists("policies/schema.cedarschema")) return "policies";
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path repo = exe.parent_path().parent_path().parent_path() / "policies";
    if (fs::exists(repo / "schema.cedarschema")) return repo.string();
  }
  return "policies";
}

cedar::Result<std::shared_ptr<const Library>> open_library(const std::string& flag) {
  return Library::open(policies_dir(flag));
}

namespace {

struct LawArg {
  std::shared_ptr<const policy::Chain> chain;
  policy::Date date;
  std::string name;
};

// A version of the law: a pack folder (its parents from the library), or a
// jurisdiction id, each optionally followed by @YYYY-MM-DD (default: today).
cedar::Result<LawArg> law_arg(const Library& lib, const std::string& arg) {
  LawArg out{nullptr, policy::today_utc(), arg};
  std::string target = arg;
  if (size_t at = arg.rfind('@'); at != std::string::npos) {
    auto date = policy::parse_date(arg.substr(at + 1));
    if (!date) return cedar::Error{arg + ": " + date.error().message};
    out.date = *date;
    target = arg.substr(0, at);
  }
  if (fs::exists(fs::path(target) / "pack.json")) {
    auto pack = policy::load_pack(fs::path(target), lib.vocabulary());
    if (!pack) return pack.error();
    auto chain = lib.chain_with_leaf(std::make_shared<const policy::Pack>(std::move(*pack)));
    if (!chain) return chain.error();
    out.chain = *chain;
    return out;
  }
  out.chain = lib.chain(target);
  if (!out.chain) return cedar::Error{"no jurisdiction or pack folder \"" + target + "\""};
  return out;
}

struct PolicyArgs {
  std::vector<std::string> packs;
  std::string policies;
  std::string old_policies;
  std::string at;
  bool verbose = false;
};

int run_test(const PolicyArgs& a) {
  auto lib = open_library(a.policies);
  if (!lib) return fail("policies", lib.error());
  std::vector<std::string> packs = a.packs.empty() ? (*lib)->jurisdictions() : a.packs;
  size_t passed = 0, failed = 0;
  for (const std::string& pack : packs) {
    if (!(*lib)->chain(pack)) return fail(pack, cedar::Error{"no such pack"});
    size_t pack_passed = 0, pack_total = 0;
    for (const auto& r : policy::run_scenarios(**lib, pack)) {
      ++pack_total;
      if (r.passed()) {
        ++pack_passed;
        if (a.verbose) std::cout << "  ok   " << r.pack << "/" << r.file << ": " << r.name << "\n";
        continue;
      }
      std::cout << "  FAIL " << r.pack << "/tests/" << r.file << ": " << r.name << "\n";
      for (const auto& f : r.failures) std::cout << "       " << f << "\n";
    }
    std::cout << pack << ": " << pack_passed << "/" << pack_total << " scenarios passed\n";
    passed += pack_passed;
    failed += pack_total - pack_passed;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed ? kExitError : kExitOk;
}

int run_check(const PolicyArgs& a) {
  auto lib = open_library(a.policies);
  if (!lib) return fail("policies", lib.error());
  std::string target = a.packs.front() + (a.at.empty() ? "" : "@" + a.at);
  auto law = law_arg(**lib, target);
  if (!law) return fail("policy check", law.error());
  policy::CheckReport report = policy::check(*law->chain, law->date, (*lib)->vocabulary());
  std::cout << policy::check_to_text(report, (*lib)->vocabulary(), a.verbose);
  return kExitOk;
}

int run_diff(const PolicyArgs& a) {
  auto lib = open_library(a.policies);
  if (!lib) return fail("policies", lib.error());
  std::shared_ptr<const Library> old_lib = *lib;
  if (!a.old_policies.empty()) {
    auto opened = Library::open(a.old_policies, (*lib)->root() / "schema.cedarschema");
    if (!opened) return fail("--old-policies", opened.error());
    old_lib = *opened;
  }
  auto before = law_arg(*old_lib, a.packs[0]);
  if (!before) return fail("OLD", before.error());
  auto after = law_arg(**lib, a.packs[1]);
  if (!after) return fail("NEW", after.error());
  policy::DiffReport report =
      policy::diff(*before->chain, before->date, *after->chain, after->date, (*lib)->vocabulary());
  report.before_name = before->name + " (law of " + before->date.to_string() + ")";
  report.after_name = after->name + " (law of " + after->date.to_string() + ")";
  std::cout << policy::diff_to_text(report, (*lib)->vocabulary());
  return kExitOk;
}

}  // namespace

void add_policy_commands(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("policy", "Policy packs: scenario tests and analysis");
  group->require_subcommand(1);

  auto t = std::make_shared<PolicyArgs>();
  CLI::App* test = group->add_subcommand(
      "test",
      "Run the packs' scenario tests (all packs by default); ends with 'N passed, M failed'");
  test->add_option("packs", t->packs, "Pack ids");
  test->add_option("--policies", t->policies, "Policies folder (default: ./policies)");
  test->add_flag("-v,--verbose", t->verbose, "List passing scenarios too");
  test->callback([t, &exit_code] { exit_code = run_test(*t); });

  auto c = std::make_shared<PolicyArgs>();
  CLI::App* chk = group->add_subcommand(
      "check",
      "Decide every cell of the request space (each registered agency x instrument x signer x "
      "purpose x requester x custody x facts x conviction ages x interview mode x action), by "
      "classes of values the policies treat alike, and report conflicts, discretionary cells, "
      "undecidable cells and policies that decide nothing");
  chk->add_option("pack", c->packs, "Jurisdiction id or pack folder")->required()->expected(1);
  chk->add_option("--at", c->at, "Analyse the law in force on this date (default: today)");
  chk->add_option("--policies", c->policies, "Policies folder (default: ./policies)");
  chk->add_flag("-v,--verbose", c->verbose, "Also list the discretionary cells");
  chk->callback([c, &exit_code] { exit_code = run_check(*c); });

  auto d = std::make_shared<PolicyArgs>();
  CLI::App* dif = group->add_subcommand(
      "diff",
      "Cells whose outcome differs between two versions of the law, for every agency of the "
      "registry, with counts per outcome pair. OLD and NEW are pack folders or jurisdiction "
      "ids, each optionally with @YYYY-MM-DD (default: today)");
  dif->add_option("versions", d->packs, "OLD NEW")->required()->expected(2);
  dif->add_option("--policies", d->policies, "Policies folder (default: ./policies)");
  dif->add_option("--old-policies", d->old_policies,
                  "Resolve OLD in this policies folder instead (e.g. a copy of an earlier "
                  "release); its packs are decided over the current vocabulary");
  dif->callback([d, &exit_code] { exit_code = run_diff(*d); });
}

}  // namespace trustgate::cli

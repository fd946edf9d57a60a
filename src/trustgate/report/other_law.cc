// Other law for what-if replay: a draft folder, a draft pack sent as files,
// or the data directory's law as in force on another date (replay.h).
#include <algorithm>

#include "base/storage.h"
#include "base/text.h"
#include "trustgate/cases/law_archive.h"
#include "trustgate/report/replay.h"

namespace trustgate::report {

namespace fs = std::filesystem;

namespace {

// The files of a pack folder that make its law.
bool is_law_file(std::string_view name) {
  return name == "pack.json" || name == "schema.cedarschema" ||
         (name.size() > 6 && name.ends_with(".cedar"));
}

// A pack id or a file name the API may write: letters, digits, '-', '_',
// '.', not starting with '.'.
bool is_plain_name(std::string_view s) {
  if (s.empty() || s.size() > 100 || s.front() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

}  // namespace

base::Result<std::shared_ptr<const policy::Library>> open_draft_law(const fs::path& policies,
                                                                    const fs::path& draft,
                                                                    const fs::path& scratch) {
  base::Storage& storage = base::posix_storage();
  std::error_code ec;
  if (fs::exists(draft / "schema.cedarschema", ec)) {
    auto lib = policy::Library::open(draft);
    if (!lib) return base::Error{draft.string() + ": " + lib.error().describe()};
    return *lib;
  }
  if (!fs::exists(draft / "pack.json", ec)) {
    return base::invalid_field("--with", draft.string() +
                                             " is neither a policies folder (schema.cedarschema) "
                                             "nor a pack folder (pack.json)");
  }
  const auto law_files = [&](const fs::path& dir) -> base::Result<std::vector<std::string>> {
    auto names = storage.list_dir(dir);
    if (!names) return names.error();
    std::vector<std::string> out;
    for (const std::string& n : *names) {
      if (is_law_file(n)) out.push_back(n);
    }
    return out;
  };
  if (auto s = cases::copy_files(storage, policies, scratch, {"schema.cedarschema"}); !s) {
    return s.error();
  }
  const std::string replaced = fs::absolute(draft).lexically_normal().filename().string();
  auto names = storage.list_dir(policies);
  if (!names) return names.error();
  for (const std::string& n : *names) {
    if (n == replaced || !fs::exists(policies / n / "pack.json", ec)) continue;
    auto files = law_files(policies / n);
    if (!files) return files.error();
    if (auto s = cases::copy_files(storage, policies / n, scratch / n, *files); !s)
      return s.error();
  }
  auto files = law_files(draft);
  if (!files) return files.error();
  if (auto s = cases::copy_files(storage, draft, scratch / replaced, *files); !s) return s.error();
  auto lib = policy::Library::open(scratch);
  if (!lib) return base::Error{"the draft " + draft.string() + ": " + lib.error().describe()};
  return *lib;
}

base::Result<std::shared_ptr<const policy::Library>> open_draft_pack(const fs::path& policies,
                                                                     const DraftPack& draft,
                                                                     const fs::path& scratch) {
  if (!is_plain_name(draft.pack)) {
    return base::invalid_field("/draft/pack", "a pack id (letters, digits, - and _)");
  }
  for (const auto& [name, text] : draft.files) {
    if (!is_plain_name(name) || name == "schema.cedarschema" || !is_law_file(name)) {
      return base::invalid_field("/draft/files/" + base::printable(name),
                                 "a draft pack holds pack.json and *.cedar files only");
    }
  }
  if (draft.files.find("pack.json") == draft.files.end()) {
    return base::invalid_field("/draft/files", "a draft pack needs its pack.json");
  }
  base::Storage& storage = base::posix_storage();
  const fs::path folder = scratch / "draft" / draft.pack;
  for (const fs::path& dir : {scratch, scratch / "draft", folder}) {
    if (auto s = storage.create_dir(dir, 0700); !s) return s.error();
  }
  for (const auto& [name, text] : draft.files) {
    if (auto s = base::create_file(storage, folder / name, text); !s) return s.error();
  }
  auto lib = open_draft_law(policies, folder, scratch / "law");
  if (!lib) {
    base::Error e = lib.error();
    if (e.field.empty() || e.field == "--with") e.field = "/draft";
    return e;
  }
  return lib;
}

base::Status use_law_of_date(std::shared_ptr<const policy::Library> law, std::string_view name,
                             ReplayOptions& options, const std::string& field) {
  const size_t at = name.rfind('@');
  if (at == std::string_view::npos || at == 0) {
    return base::invalid_field(field, "expected JURISDICTION@YYYY-MM-DD");
  }
  auto date = policy::parse_date(name.substr(at + 1));
  if (!date) return base::invalid_field(field, date.error().message);
  const std::string j(name.substr(0, at));
  if (!law->chain(j)) {
    return base::invalid_field(field, "no jurisdiction \"" + base::printable(j) + "\"");
  }
  if (!options.jurisdiction.empty() && options.jurisdiction != j) {
    return base::invalid_field(
        field, "names another jurisdiction than \"" + base::printable(options.jurisdiction) + "\"");
  }
  options.with = std::move(law);
  options.at = *date;
  options.jurisdiction = j;
  options.with_name = "the law of " + j + " in force on " + date->to_string();
  return base::Status::Ok();
}

}  // namespace trustgate::report

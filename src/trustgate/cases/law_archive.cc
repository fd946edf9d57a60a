#include "trustgate/cases/law_archive.h"

#include "base/random.h"

namespace trustgate::cases {

namespace {

namespace fs = std::filesystem;

// The files of a pack folder its digest covers: pack.json and *.cedar.
base::Result<std::vector<std::string>> pack_files(base::Storage& storage, const fs::path& dir) {
  auto names = storage.list_dir(dir);
  if (!names) return names.error();
  std::vector<std::string> out;
  for (const std::string& n : *names) {
    if (n == "pack.json" || (n.size() > 6 && n.ends_with(".cedar"))) out.push_back(n);
  }
  return out;
}

}  // namespace

base::Status copy_files(base::Storage& storage, const fs::path& from, const fs::path& to,
                        const std::vector<std::string>& names) {
  if (auto s = storage.create_dir(to, 0700); !s) return s;
  for (const std::string& n : names) {
    auto text = base::read_file(storage, from / n);
    if (!text) return text.error();
    auto file = storage.open(to / n, base::OpenMode{true, true, true, 0600});
    if (!file) return file.error();
    if (auto s = (*file)->write_at(0, *text); !s) return s;
    if (auto s = (*file)->sync(); !s) return s;
  }
  return storage.sync_dir(to);
}

base::Result<fs::path> LawArchive::folder(const std::string& policy_version) const {
  constexpr std::string_view kPrefix = "sha256:";
  std::string_view hex = policy_version;
  if (!hex.starts_with(kPrefix) || hex.size() != kPrefix.size() + 64 ||
      hex.substr(kPrefix.size()).find_first_not_of("0123456789abcdef") != std::string::npos) {
    return base::Error{"not a policy version: \"" + policy_version + "\""};
  }
  return dir_ / std::string(hex.substr(kPrefix.size()));
}

base::Status LawArchive::keep(const policy::Library& library, const policy::Decision& decision) {
  auto target = folder(decision.policy_version);
  if (!target) return target.error();
  auto exists = storage_.exists(*target);
  if (!exists) return exists.error();
  if (*exists) return base::Status::Ok();
  if (auto d = storage_.exists(dir_); d && !*d) {
    if (auto s = storage_.create_dir(dir_, 0700); !s) return s;
  }
  auto suffix = base::random_hex(8);
  if (!suffix) return suffix.error();
  const fs::path tmp = dir_ / (".tmp-" + *suffix);
  if (auto s = storage_.create_dir(tmp, 0700); !s) return s;
  auto schema = base::read_file(storage_, library.root() / "schema.cedarschema");
  if (!schema) return schema.error();
  if (auto s = base::create_file(storage_, tmp / "schema.cedarschema", *schema); !s) return s;
  for (const auto& pack : decision.chain->packs) {
    auto names = pack_files(storage_, pack->directory);
    if (!names) return names.error();
    if (auto s = copy_files(storage_, pack->directory, tmp / pack->id, *names); !s) return s;
  }
  if (auto s = storage_.sync_dir(tmp); !s) return s;
  // The copy must be the same law.
  auto copy = policy::Library::open_archived(tmp);
  if (!copy) return base::Error{"the archived law does not load: " + copy.error().describe()};
  auto chain = (*copy)->chain(decision.jurisdiction);
  if (!chain || chain->at(decision.law_date).policy_version != decision.policy_version) {
    return base::Error{"the archived law of " + decision.jurisdiction +
                       " has another policy version than " + decision.policy_version +
                       " (did the packs change on disk while loading?)"};
  }
  if (auto s = storage_.rename(tmp, *target); !s) return s;
  return storage_.sync_dir(dir_);
}

base::Result<std::shared_ptr<const policy::Library>> LawArchive::load(
    const std::string& policy_version) const {
  auto f = folder(policy_version);
  if (!f) return f.error();
  auto exists = storage_.exists(*f);
  if (!exists) return exists.error();
  if (!*exists) return base::not_found("the law " + policy_version + " is not in " + dir_.string());
  auto lib = policy::Library::open_archived(*f);
  if (!lib) return lib.error();
  return lib;
}

}  // namespace trustgate::cases

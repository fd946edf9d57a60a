// LawArchive: the law of every recorded decision, kept in the data
// directory so that any decision can be replayed under exactly the law that
// made it.
//
//   DATA/law/<hex>/      for policy_version "sha256:<hex>": schema.cedarschema
//                        and, for every pack of the jurisdiction's chain, a
//                        folder <pack id>/ with its pack.json and *.cedar files
//                        as they were. policy::Library::open() of the folder
//                        gives the jurisdiction a law of that version.
//
// A folder is written once — into a temporary folder, every file synced, then
// renamed into place and the parent synced — and never changed. keep() checks
// what it wrote by loading it: the copy must decide under the same version.
//
// With a SharedLaw (the data directory's store is PostgreSQL: several servers
// share the record), keep() also puts the version's files there, before the
// folder is renamed into place, and load() of a version this folder lacks
// fetches its files from there into the folder (a cache: a version's files
// never change) and loads that.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/library.h"

namespace trustgate::common {
class PgDatabase;
}

namespace trustgate::cases {

// One file of an archived law: its path in the version's folder
// ("schema.cedarschema", "<pack id>/pack.json", ...) and its bytes.
struct LawFile {
  std::string path;
  std::string content;
};

// Archived law kept beyond one folder.
class SharedLaw {
 public:
  virtual ~SharedLaw() = default;
  // Keeps the files of a policy version, all or none; files it holds
  // already stay as they are (a version's files are the same wherever they
  // were archived: the version is their digest).
  virtual base::Status put(const std::string& policy_version,
                           const std::vector<LawFile>& files) = 0;
  // The files of a version (none when it is not kept).
  virtual base::Result<std::vector<LawFile>> get(const std::string& policy_version) = 0;
};

// The archived law in a PostgreSQL database (postgres_law.cc), table
//   law_files  policy_version, path, content (bytea);
//              primary key (policy_version, path)
// (migrations of the component "law"); `writable` runs the migrations,
// else only checks that they ran.
base::Result<std::shared_ptr<SharedLaw>> open_postgres_law(std::shared_ptr<common::PgDatabase> db,
                                                           bool writable);

class LawArchive {
 public:
  LawArchive(base::Storage& storage, std::filesystem::path dir,
             std::shared_ptr<SharedLaw> shared = nullptr)
      : storage_(storage), dir_(std::move(dir)), shared_(std::move(shared)) {}

  // Keeps the packs that made `decision` (from `library`) unless kept already.
  base::Status keep(const policy::Library& library, const policy::Decision& decision);
  // The folder of a policy version ("sha256:<hex>").
  base::Result<std::filesystem::path> folder(const std::string& policy_version) const;
  // Loads the law of a policy version kept earlier.
  base::Result<std::shared_ptr<const policy::Library>> load(
      const std::string& policy_version) const;
  // Puts every version this folder holds into the SharedLaw (`trustgate
  // migrate`, and a server's start: law archived before the archive was
  // shared); returns how many.
  base::Result<size_t> share_all();

 private:
  base::Result<std::filesystem::path> write_temporary(const policy::Library& library,
                                                      const policy::Decision& decision);
  base::Result<std::vector<LawFile>> files_of(const std::filesystem::path& folder) const;
  base::Status fetch(const std::string& policy_version, const std::filesystem::path& to) const;

  base::Storage& storage_;
  std::filesystem::path dir_;
  std::shared_ptr<SharedLaw> shared_;
  std::mutex mu_;
  std::set<std::string> shared_versions_;  // put into shared_ by this process
};

// Copies the files `names` of folder `from` into the new folder `to`
// (created, mode 0700), syncing each file and the folder.
base::Status copy_files(base::Storage& storage, const std::filesystem::path& from,
                        const std::filesystem::path& to, const std::vector<std::string>& names);

}  // namespace trustgate::cases

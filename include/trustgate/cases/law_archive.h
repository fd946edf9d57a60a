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
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "base/result.h"
#include "base/storage.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/library.h"

namespace trustgate::cases {

class LawArchive {
 public:
  LawArchive(base::Storage& storage, std::filesystem::path dir)
      : storage_(storage), dir_(std::move(dir)) {}

  // Keeps the packs that made `decision` (from `library`) unless kept already.
  base::Status keep(const policy::Library& library, const policy::Decision& decision);
  // The folder of a policy version ("sha256:<hex>").
  base::Result<std::filesystem::path> folder(const std::string& policy_version) const;
  // Loads the law of a policy version kept earlier.
  base::Result<std::shared_ptr<const policy::Library>> load(
      const std::string& policy_version) const;

 private:
  base::Storage& storage_;
  std::filesystem::path dir_;
};

// Copies the files `names` of folder `from` into the new folder `to`
// (created, mode 0700), syncing each file and the folder.
base::Status copy_files(base::Storage& storage, const std::filesystem::path& from,
                        const std::filesystem::path& to, const std::vector<std::string>& names);

}  // namespace trustgate::cases

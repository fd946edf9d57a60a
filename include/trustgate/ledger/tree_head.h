// Signed tree heads: a statement, signed with the ledger's Ed25519 key, of
// the size and root hash of the ledger's Merkle tree at one moment.
//
// Text form (docs/ledger.md), six lines, each ending in "\n":
//   <origin>                 which ledger, e.g. "trustgate/ledger/3f9a61c0d2e4b7a8"
//   <size>                   number of entries, decimal, no leading zeros
//   <root>                   base64 of the 32-byte root hash
//   <time>                   RFC 3339 UTC time of signing ("2025-01-27T20:03:00Z")
//   (empty line)
//   <signature>              base64 of the 64-byte Ed25519 signature
// The signature covers the first four lines, their newlines included.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "trustgate/common/crypto.h"
#include "trustgate/ledger/hash.h"

namespace trustgate::ledger {

struct SignedTreeHead {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::string time;
  std::string signature;  // 64 raw bytes

  // The signed part: the first four lines.
  std::string body() const;
  // The six-line text form.
  std::string to_text() const;
};

// Signs (origin, size, root, time) with `key`.
cedar::Result<SignedTreeHead> sign_tree_head(std::string origin, uint64_t size, const Hash& root,
                                             std::string time, const common::Ed25519Key& key);

bool signature_valid(const SignedTreeHead& head, const common::Ed25519Key& key);

// Parses one tree head from the start of `text`; on success `consumed` is the
// number of bytes it used (its six lines). Errors name the bad line.
cedar::Result<SignedTreeHead> parse_tree_head(std::string_view text, size_t* consumed = nullptr);

// Parses a file of consecutive tree heads (the ledger's heads.log).
cedar::Result<std::vector<SignedTreeHead>> parse_tree_heads(std::string_view text);

}  // namespace trustgate::ledger

// Hash: a SHA-256 digest, the unit of the ledger's Merkle tree.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "cedar/result.h"

namespace trustgate::ledger {

using Hash = std::array<uint8_t, 32>;

std::string hash_base64(const Hash& h);
std::string hash_hex(const Hash& h);
// Parses standard base64 of exactly 32 bytes.
cedar::Result<Hash> parse_hash_base64(std::string_view text);

}  // namespace trustgate::ledger

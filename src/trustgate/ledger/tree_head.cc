#include "trustgate/ledger/tree_head.h"

#include <charconv>

namespace trustgate::ledger {

namespace {

// Takes the next "\n"-terminated line off `text`, or fails.
bool next_line(std::string_view& text, std::string_view& line) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return false;
  line = text.substr(0, nl);
  text.remove_prefix(nl + 1);
  return true;
}

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

cedar::Error head_error(const std::string& message) {
  return cedar::Error{"tree head: " + message};
}

}  // namespace

std::string SignedTreeHead::body() const {
  return origin + "\n" + std::to_string(size) + "\n" + hash_base64(root) + "\n" + time + "\n";
}

std::string SignedTreeHead::to_text() const {
  return body() + "\n" + common::base64_encode(signature) + "\n";
}

cedar::Result<SignedTreeHead> sign_tree_head(std::string origin, uint64_t size, const Hash& root,
                                             std::string time, const common::Ed25519Key& key) {
  SignedTreeHead head{std::move(origin), size, root, std::move(time), {}};
  auto sig = key.sign(head.body());
  if (!sig) return sig.error();
  head.signature = std::move(*sig);
  return head;
}

bool signature_valid(const SignedTreeHead& head, const common::Ed25519Key& key) {
  return key.verify(head.body(), head.signature);
}

cedar::Result<SignedTreeHead> parse_tree_head(std::string_view text, size_t* consumed) {
  const size_t total = text.size();
  std::string_view lines[6];
  for (auto& line : lines) {
    if (!next_line(text, line)) return head_error("incomplete (expected six lines)");
  }
  SignedTreeHead head;
  if (lines[0].empty() || !printable_ascii(lines[0])) {
    return head_error("line 1 (origin) must be printable ASCII");
  }
  head.origin = lines[0];
  auto [end, ec] = std::from_chars(lines[1].data(), lines[1].data() + lines[1].size(), head.size);
  if (ec != std::errc() || end != lines[1].data() + lines[1].size() || lines[1].empty() ||
      (lines[1].size() > 1 && lines[1][0] == '0')) {
    return head_error("line 2 (size) is not a decimal number");
  }
  auto root = parse_hash_base64(lines[2]);
  if (!root) return head_error("line 3 (root): " + root.error().message);
  head.root = *root;
  if (lines[3].empty() || !printable_ascii(lines[3])) {
    return head_error("line 4 (time) must be printable ASCII");
  }
  head.time = lines[3];
  if (!lines[4].empty()) return head_error("line 5 must be empty");
  auto sig = common::base64_decode(lines[5]);
  if (!sig || sig->size() != 64) return head_error("line 6 (signature) is not 64 bytes of base64");
  head.signature = std::move(*sig);
  if (consumed) *consumed = total - text.size();
  return head;
}

cedar::Result<std::vector<SignedTreeHead>> parse_tree_heads(std::string_view text) {
  std::vector<SignedTreeHead> heads;
  while (!text.empty()) {
    size_t used = 0;
    auto head = parse_tree_head(text, &used);
    if (!head) {
      return cedar::Error{"tree head " + std::to_string(heads.size()) + ": " +
                          head.error().message};
    }
    heads.push_back(std::move(*head));
    text.remove_prefix(used);
  }
  return heads;
}

}  // namespace trustgate::ledger

#include "trustgate/ledger/checkpoint.h"

#include <gtest/gtest.h>

#include "ledger_test_util.h"

namespace trustgate::ledger {
namespace {

// The example of golang.org/x/mod/sumdb/note's documentation (a published
// test vector of the C2SP signed-note format).
constexpr const char* kGoVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr const char* kGoNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

TEST(NoteTest, ReadsAndChecksTheReferenceExample) {
  auto key = NoteKey::from_verifier_key(kGoVerifierKey);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->name(), "PeterNeumann");
  EXPECT_EQ(key->key_id(), 0xc74f20a3u);
  EXPECT_EQ(key->verifier_key(), kGoVerifierKey);
  size_t used = 0;
  auto note = parse_note(kGoNote, &used);
  ASSERT_TRUE(note) << note.error().message;
  EXPECT_EQ(used, std::string(kGoNote).size());
  EXPECT_TRUE(key->verifies(*note));
  EXPECT_EQ(note->to_string(), kGoNote);
  std::string altered = kGoNote;
  altered[3] = 'X';
  EXPECT_FALSE(key->verifies(*parse_note(altered)));
}

TEST(NoteTest, RejectsMalformedKeysAndNotes) {
  EXPECT_FALSE(
      NoteKey::from_verifier_key("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/"
                                 "LDE4izWy10TW"));  // wrong id
  EXPECT_FALSE(NoteKey::from_verifier_key("no-pluses"));
  EXPECT_FALSE(NoteKey::make("has space", common::Ed25519Key()));
  EXPECT_FALSE(parse_note("text without blank line\n"));
  EXPECT_FALSE(parse_note("text\n\nno signature\n"));
  EXPECT_FALSE(parse_note("text\n\n\xE2\x80\x94 name notbase64!\n"));
}

TEST(CheckpointTest, SignsOpensAndRefusesOtherKeys) {
  auto key = *NoteKey::make("trustgate/x", trustgate::testing::test_key());
  Checkpoint cp{"trustgate/x", 12, leaf_hash("a")};
  auto signed_cp = sign_checkpoint(cp, key);
  ASSERT_TRUE(signed_cp);
  const std::string text = signed_cp->note.to_string();
  EXPECT_EQ(text.substr(0, text.find("\n\n") + 1),
            "trustgate/x\n12\n" + hash_base64(cp.root) + "\n");
  EXPECT_EQ(text.substr(text.find("\n\n") + 2, 16), "\xE2\x80\x94 trustgate/x ");
  auto opened = open_checkpoint(text, key);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->checkpoint, cp);
  auto other = *NoteKey::make("trustgate/x", *common::Ed25519Key::generate());
  EXPECT_FALSE(open_checkpoint(text, other));
  auto renamed = *NoteKey::make("trustgate/y", trustgate::testing::test_key());
  EXPECT_FALSE(open_checkpoint(text, renamed));
  EXPECT_FALSE(sign_checkpoint(Checkpoint{"trustgate/y", 1, cp.root}, key));
  EXPECT_FALSE(parse_checkpoint_text("trustgate/x\n012\n" + hash_base64(cp.root) + "\n"));
  EXPECT_FALSE(parse_checkpoint_text("trustgate/x\n12\n"));
}

}  // namespace
}  // namespace trustgate::ledger

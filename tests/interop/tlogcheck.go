// tlogcheck: checks trustgate's checkpoints, inclusion proofs and
// consistency proofs with the Go reference code for signed notes
// (golang.org/x/mod/sumdb/note) and RFC 6962 trees
// (golang.org/x/mod/sumdb/tlog), which share nothing with trustgate.
//
// usage: tlogcheck VERIFIER_KEY CHECKPOINT ENTRIES_LOG PROVE_JSON CONSISTENCY_JSON
//
// It exits 0 only when every check that must hold holds and every check of
// altered input fails.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var failures int

func check(ok bool, what string) {
	if ok {
		fmt.Println("ok:", what)
	} else {
		fmt.Println("FAIL:", what)
		failures++
	}
}

func must(err error) {
	if err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
}

func hashOf(b64 string) tlog.Hash {
	raw, err := base64.StdEncoding.DecodeString(b64)
	must(err)
	var h tlog.Hash
	if len(raw) != len(h) {
		must(fmt.Errorf("a hash of %d bytes", len(raw)))
	}
	copy(h[:], raw)
	return h
}

func hashes(list []string) []tlog.Hash {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		out[i] = hashOf(s)
	}
	return out
}

type memory []tlog.Hash

func (m memory) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("hash %d out of range", x)
		}
		out[i] = m[x]
	}
	return out, nil
}

// The tree of a checkpoint: origin, size, root.
func openCheckpoint(verifier note.Verifier, text []byte) (string, int64, tlog.Hash, error) {
	n, err := note.Open(text, note.VerifierList(verifier))
	if err != nil {
		return "", 0, tlog.Hash{}, err
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		return "", 0, tlog.Hash{}, fmt.Errorf("not a checkpoint: %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return "", 0, tlog.Hash{}, err
	}
	return lines[0], size, hashOf(lines[2]), nil
}

func main() {
	if len(os.Args) != 6 {
		fmt.Println("usage: tlogcheck VERIFIER_KEY CHECKPOINT ENTRIES_LOG PROVE_JSON CONSISTENCY_JSON")
		os.Exit(2)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(os.Args[1]))
	must(err)
	text, err := os.ReadFile(os.Args[2])
	must(err)
	origin, size, root, err := openCheckpoint(verifier, text)
	check(err == nil, fmt.Sprintf("the checkpoint is a signed note by %s (%v)", verifier.Name(), err))
	check(origin == verifier.Name(), "the checkpoint's origin is its key's name")
	altered := bytes.Replace(text, []byte("\n"+strconv.FormatInt(size, 10)+"\n"), []byte("\n"+strconv.FormatInt(size+1, 10)+"\n"), 1)
	_, _, _, err = openCheckpoint(verifier, altered)
	check(err != nil, "an altered checkpoint is refused")

	data, err := os.ReadFile(os.Args[3])
	must(err)
	data = bytes.TrimRight(data, "\x00")
	entries := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	check(int64(len(entries)) >= size, "entries.log holds the checkpoint's entries")
	var stored memory
	for i := int64(0); i < size; i++ {
		hs, err := tlog.StoredHashes(i, entries[i], stored)
		must(err)
		stored = append(stored, hs...)
	}
	th, err := tlog.TreeHash(size, stored)
	must(err)
	check(th == root, "the RFC 6962 root of the entries is the checkpoint's root")

	var prove struct {
		Checkpoint string `json:"checkpoint"`
		Proofs     []struct {
			Seq       int64    `json:"seq"`
			Entry     string   `json:"entry"`
			AuditPath []string `json:"audit_path"`
		} `json:"proofs"`
	}
	raw, err := os.ReadFile(os.Args[4])
	must(err)
	must(json.Unmarshal(raw, &prove))
	_, psize, proot, err := openCheckpoint(verifier, []byte(prove.Checkpoint))
	check(err == nil, "the proof's checkpoint is signed")
	for _, p := range prove.Proofs {
		leaf := tlog.RecordHash([]byte(p.Entry))
		err := tlog.CheckRecord(hashes(p.AuditPath), psize, proot, p.Seq, leaf)
		check(err == nil, fmt.Sprintf("entry %d is in the tree of %d (%v)", p.Seq, psize, err))
		bad := tlog.RecordHash([]byte(p.Entry + " "))
		check(tlog.CheckRecord(hashes(p.AuditPath), psize, proot, p.Seq, bad) != nil,
			fmt.Sprintf("an altered entry %d is not", p.Seq))
	}

	var cons struct {
		OldSize int64    `json:"old_size"`
		NewSize int64    `json:"new_size"`
		OldRoot string   `json:"old_root"`
		NewRoot string   `json:"new_root"`
		Proof   []string `json:"proof"`
	}
	raw, err = os.ReadFile(os.Args[5])
	must(err)
	must(json.Unmarshal(raw, &cons))
	oldTree, err := tlog.TreeHash(cons.OldSize, stored)
	must(err)
	check(oldTree == hashOf(cons.OldRoot), "the older root is the root of the first entries")
	err = tlog.CheckTree(hashes(cons.Proof), cons.NewSize, hashOf(cons.NewRoot), cons.OldSize, hashOf(cons.OldRoot))
	check(err == nil, fmt.Sprintf("the tree of %d extends the tree of %d (%v)", cons.NewSize, cons.OldSize, err))
	wrong := hashOf(cons.OldRoot)
	wrong[0] ^= 1
	check(tlog.CheckTree(hashes(cons.Proof), cons.NewSize, hashOf(cons.NewRoot), cons.OldSize, wrong) != nil,
		"a rewritten older tree is not extended")
	if failures > 0 {
		fmt.Println(failures, "checks failed")
		os.Exit(1)
	}
	fmt.Println("all checks hold")
}

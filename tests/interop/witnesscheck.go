// witnesscheck: the witnessed side of trustgate, checked with the Go
// reference code for signed notes and RFC 6962 tiles
// (golang.org/x/mod/sumdb/note, .../sumdb/tlog) and Go's own Ed25519.
//
//	witnesscheck keygen DIR
//	    writes DIR/go.skey and DIR/go.vkey: a log key made by the Go code.
//	witnesscheck log LOG_URL LOG_VKEY WITNESS_VKEY
//	    reads trustgate's /checkpoint and tiles: the checkpoint is signed by
//	    the log and cosigned by the witness; the tiles' tree has the
//	    checkpoint's root; every entry has an inclusion proof made from the
//	    tiles by the Go code.
//	witnesscheck witness WITNESS_URL WITNESS_VKEY DIR
//	    acts as a log whose checkpoints the Go code signs (key from keygen),
//	    and checks trustgate's witness: cosignatures that verify, growth
//	    with consistency proofs accepted, a stale size and a fork refused
//	    (409), a bad proof refused (422).
//
// It exits 0 only when every check holds.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
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

func must(err error, what string) {
	if err != nil {
		fmt.Println("FAIL:", what+":", err)
		os.Exit(1)
	}
}

func get(url string) []byte {
	resp, err := http.Get(url)
	must(err, "GET "+url)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	must(err, "read "+url)
	if resp.StatusCode != 200 {
		must(fmt.Errorf("HTTP %d", resp.StatusCode), "GET "+url)
	}
	return body
}

func post(url, body string) (int, string) {
	resp, err := http.Post(url, "text/plain", strings.NewReader(body))
	must(err, "POST "+url)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// A cosigner key of type 0x04 (C2SP tlog-cosignature): name, key id, key.
type cosigner struct {
	name string
	id   uint32
	pub  ed25519.PublicKey
}

func parseCosigner(vkey string) cosigner {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		must(fmt.Errorf("bad key %q", vkey), "witness key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	must(err, "witness key")
	if len(raw) != 33 || raw[0] != 0x04 {
		must(fmt.Errorf("not a cosignature/v1 key"), "witness key")
	}
	id, err := strconv.ParseUint(parts[1], 16, 32)
	must(err, "witness key id")
	return cosigner{parts[0], uint32(id), ed25519.PublicKey(raw[1:])}
}

// Whether `lines` holds this cosigner's valid cosignature of `text`.
func (c cosigner) cosigned(text string, lines string) bool {
	for _, line := range strings.Split(lines, "\n") {
		fields := strings.Fields(strings.TrimPrefix(line, "\u2014 "))
		if !strings.HasPrefix(line, "\u2014 ") || len(fields) != 2 || fields[0] != c.name {
			continue
		}
		sig, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil || len(sig) != 4+8+64 || binary.BigEndian.Uint32(sig) != c.id {
			continue
		}
		t := binary.BigEndian.Uint64(sig[4:12])
		msg := fmt.Sprintf("cosignature/v1\ntime %d\n%s", t, text)
		if ed25519.Verify(c.pub, []byte(msg), sig[12:]) {
			return true
		}
	}
	return false
}

// C2SP tile paths drop the Go path's height element (tile/8/L/N -> tile/L/N).
type httpTiles struct{ base string }

func (h httpTiles) Height() int { return 8 }
func (h httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		path := strings.Replace(t.Path(), "tile/8/", "tile/", 1)
		out[i] = get(h.base + "/" + path)
	}
	return out, nil
}
func (h httpTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func checkLog(base, logKey, witnessKey string) {
	verifier, err := note.NewVerifier(logKey)
	must(err, "log key")
	text := get(base + "/checkpoint")
	n, err := note.Open(text, note.VerifierList(verifier))
	check(err == nil, fmt.Sprintf("/checkpoint is a note signed by the log (%v)", err))
	if err != nil {
		os.Exit(1)
	}
	lines := strings.Split(n.Text, "\n")
	size, _ := strconv.ParseInt(lines[1], 10, 64)
	root, err := tlog.ParseHash(lines[2])
	must(err, "root line")
	w := parseCosigner(witnessKey)
	sigs := string(text[len(n.Text)+1:])
	check(w.cosigned(n.Text, sigs), "the checkpoint carries a valid cosignature by "+w.name)
	tree := tlog.Tree{N: size, Hash: root}
	hr := tlog.TileHashReader(tree, httpTiles{base})
	th, err := tlog.TreeHash(size, hr)
	check(err == nil && th == root, fmt.Sprintf("the tiles' tree of %d has the checkpoint's root (%v)", size, err))
	// Every entry: its bundle's bytes, and a proof from the tiles.
	proved := 0
	for first := int64(0); first < size; first += 256 {
		width := size - first
		if width > 256 {
			width = 256
		}
		path := fmt.Sprintf("%s/tile/entries/%03d", base, first/256)
		if width < 256 {
			path += fmt.Sprintf(".p/%d", width)
		}
		bundle := get(path)
		for i := int64(0); i < width; i++ {
			if len(bundle) < 2 {
				must(fmt.Errorf("short bundle"), path)
			}
			l := int(binary.BigEndian.Uint16(bundle))
			entry := bundle[2 : 2+l]
			bundle = bundle[2+l:]
			proof, err := tlog.ProveRecord(size, first+i, hr)
			if err == nil && tlog.CheckRecord(proof, size, root, first+i, tlog.RecordHash(entry)) == nil {
				proved++
			}
		}
	}
	check(int64(proved) == size, fmt.Sprintf("%d of %d entries proved from the tiles", proved, size))
}

type memory []tlog.Hash

func (m memory) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = m[x]
	}
	return out, nil
}

// A tiny log of the records `texts`, its checkpoint at `size` signed by `signer`.
func goLog(texts []string) memory {
	var stored memory
	for i, t := range texts {
		hs, err := tlog.StoredHashes(int64(i), []byte(t), stored)
		must(err, "stored hashes")
		stored = append(stored, hs...)
	}
	return stored
}

func signed(signer note.Signer, origin string, size int64, stored memory) (string, string) {
	root, err := tlog.TreeHash(size, stored)
	must(err, "tree hash")
	text := fmt.Sprintf("%s\n%d\n%s\n", origin, size, root)
	msg, err := note.Sign(&note.Note{Text: text}, signer)
	must(err, "sign")
	return text, string(msg)
}

func proofLines(p tlog.TreeProof) string {
	var b bytes.Buffer
	for _, h := range p {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]) + "\n")
	}
	return b.String()
}

func checkWitness(url, witnessKey, dir string) {
	skey, err := os.ReadFile(dir + "/go.skey")
	must(err, "go.skey")
	signer, err := note.NewSigner(strings.TrimSpace(string(skey)))
	must(err, "signer")
	origin := signer.Name()
	w := parseCosigner(witnessKey)
	var texts []string
	for i := 0; i < 12; i++ {
		texts = append(texts, fmt.Sprintf("record %d\n", i))
	}
	stored := goLog(texts)
	text5, note5 := signed(signer, origin, 5, stored)
	code, body := post(url+"/add-checkpoint", "old 0\n\n"+note5)
	check(code == 200 && w.cosigned(text5, body), fmt.Sprintf("first checkpoint cosigned (HTTP %d)", code))
	text10, note10 := signed(signer, origin, 10, stored)
	proof, err := tlog.ProveTree(10, 5, stored)
	must(err, "prove tree")
	code, body = post(url+"/add-checkpoint", "old 5\n"+proofLines(proof)+"\n"+note10)
	check(code == 200 && w.cosigned(text10, body), fmt.Sprintf("growth 5 -> 10 with its consistency proof cosigned (HTTP %d)", code))
	code, body = post(url+"/add-checkpoint", "old 0\n\n"+note10)
	check(code == 409 && body == "10\n", fmt.Sprintf("a stale old size is 409 with the cosigned size (HTTP %d, %q)", code, body))
	fork := append([]string{}, texts...)
	fork[7] = "rewritten\n"
	forked := goLog(fork)
	_, fnote10 := signed(signer, origin, 10, forked)
	code, _ = post(url+"/add-checkpoint", "old 10\n\n"+fnote10)
	check(code == 409, fmt.Sprintf("a fork of the same size is 409 (HTTP %d)", code))
	_, fnote12 := signed(signer, origin, 12, forked)
	fproof, err := tlog.ProveTree(12, 10, forked)
	must(err, "prove fork")
	code, _ = post(url+"/add-checkpoint", "old 10\n"+proofLines(fproof)+"\n"+fnote12)
	check(code == 422, fmt.Sprintf("a fork's consistency proof is 422 (HTTP %d)", code))
	_, other := signed(mustSigner(), origin, 12, stored)
	code, _ = post(url+"/add-checkpoint", "old 10\n\n"+other)
	check(code == 403, fmt.Sprintf("a checkpoint not signed by the log's key is 403 (HTTP %d)", code))
}

func mustSigner() note.Signer {
	skey, _, err := note.GenerateKey(rand.Reader, "go.example/log")
	must(err, "generate")
	s, err := note.NewSigner(skey)
	must(err, "signer")
	return s
}

func main() {
	if len(os.Args) < 3 {
		fmt.Println("usage: witnesscheck keygen DIR | log URL LOG_VKEY WITNESS_VKEY | witness URL WITNESS_VKEY DIR")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "keygen":
		skey, vkey, err := note.GenerateKey(rand.Reader, "go.example/log")
		must(err, "generate")
		must(os.WriteFile(os.Args[2]+"/go.skey", []byte(skey+"\n"), 0600), "write")
		must(os.WriteFile(os.Args[2]+"/go.vkey", []byte(vkey+"\n"), 0600), "write")
		return
	case "log":
		checkLog(strings.TrimRight(os.Args[2], "/"), os.Args[3], os.Args[4])
	case "witness":
		checkWitness(strings.TrimRight(os.Args[2], "/"), os.Args[3], os.Args[4])
	}
	if failures > 0 {
		fmt.Println(failures, "checks failed")
		os.Exit(1)
	}
	fmt.Println("all checks hold")
}

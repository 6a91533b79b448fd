"""Unit tests of tools/verify.py alone (no binary needed): the known-answer vectors of
RFC 9162 (hashes, inclusion and consistency proofs), RFC 8032 test 1, malformed notes (S21), mutated proofs
(S22), the second-preimage case (S23), the entry profile, and the `db` / `proof` / `make-*`
commands on a database built here from Schemas/sql/001_log.sql."""
import base64
import contextlib
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, VERIFY_PY as VERIFY, verify_py

V = verify_py()


h = bytes.fromhex
b64 = V.b64

# ---------------------------------------------------------------- §3 vectors
LEAF_INPUTS = [h(x) for x in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                              "606162636465666768696a6b6c6d6e6f")]
L = [h(x) for x in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1")]
N01 = h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")
N23 = h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e")
N45 = h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a")
N67 = h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0")
N03 = h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")
N47 = h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")
N07 = h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
N46 = h("837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e")   # "l" of RFC 6962
ROOTS = [(h(x), y) for x, y in (
    ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
    ("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="),
    ("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU="),
    ("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77", "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc="),
    ("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc="),
    ("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4", "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ="),
    ("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef", "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8="),
    ("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw="),
    ("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="))]
INCLUSION = [(0, 1, []), (0, 8, [L[1], N23, N47]), (5, 8, [L[4], N67, N03]), (2, 3, [N01]),
             (1, 5, [L[0], N23, L[4]]), (3, 7, [L[2], N01, N46]), (4, 7, [L[5], L[6], N03]),
             (6, 7, [N45, N03]), (7, 8, [L[6], N45, N03])]
CONSISTENCY = [(1, 1, []), (1, 8, [L[1], N23, N47]), (6, 8, [N45, N67, N03]), (2, 5, [N23, L[4]]),
               (6, 7, [N45, L[6], N03]), (3, 7, [L[2], L[3], N01, N46]), (4, 7, [N46]), (4, 8, [N47]),
               (5, 8, [L[4], L[5], N67, N03])]


def mth(leaves):
    """RFC 9162 §2.1.1 literally (reference for the streaming stack)."""
    if not leaves:
        return V.EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = V._split(len(leaves))
    return V.node_hash(mth(leaves[:k]), mth(leaves[k:]))


def test_leaf_hashes_interior_nodes_and_hasher_kats():
    assert [V.leaf_hash(d) for d in LEAF_INPUTS] == L
    assert V.node_hash(L[0], L[1]) == N01 and V.node_hash(N01, N23) == N03
    assert V.node_hash(N03, N47) == N07 and V.node_hash(N45, L[6]) == N46
    assert V.EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert V.leaf_hash(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert V.node_hash(b"N123", b"N456").hex() == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    assert V.leaf_hash(b"") == V.leaf_hash(b"") != V.EMPTY_ROOT           # empty leaf ≠ empty tree
    assert V.node_hash(b"N123", b"N456") != V.node_hash(b"N456", b"N123")


def test_roots_for_sizes_0_to_8_by_the_streaming_stack():
    for size, (root, root_b64) in enumerate(ROOTS):
        tree = V.Frontier()
        for d in LEAF_INPUTS[:size]:
            tree.push(V.leaf_hash(d))
        assert tree.root() == root and b64(root) == root_b64 and tree.size == size
        assert mth(L[:size]) == root


def test_streaming_stack_equals_the_recursive_definition_up_to_256():
    leaves = [V.leaf_hash(i.to_bytes(2, "big")) for i in range(256)]
    tree = V.Frontier()
    for n in range(1, 257):
        tree.push(leaves[n - 1])
        assert tree.root() == mth(leaves[:n]), n
        assert len(tree.stack) == bin(n).count("1")


@pytest.mark.parametrize("index,size,path", INCLUSION)
def test_inclusion_vectors(index, size, path):
    root = ROOTS[size][0]
    assert V.inclusion_path(index, 0, size, lambda a, b: mth(L[a:b])) == path
    assert V.verify_inclusion(index, size, L[index], path, root)


@pytest.mark.parametrize("size1,size2,path", CONSISTENCY)
def test_consistency_vectors(size1, size2, path):
    mthf = lambda a, b: mth(L[a:b])
    if size1 < size2:
        assert V.consistency_path(size1, size2, mthf) == path
    assert V.verify_consistency(size1, size2, ROOTS[size1][0], ROOTS[size2][0], path)


def test_rfc6962_worked_example_proofs():
    assert V.consistency_path(3, 7, lambda a, b: mth(L[a:b])) == [L[2], L[3], N01, N46]   # [c,d,g,l]
    assert V.consistency_path(4, 7, lambda a, b: mth(L[a:b])) == [N46]                    # [l]
    assert V.inclusion_path(0, 0, 7, lambda a, b: mth(L[a:b])) == [L[1], N23, N46]        # [b,h,l]


def flip(x):
    return bytes([x[0] ^ 8]) + x[1:]


def inclusion_mutations(index, size, leaf, path, root):
    """The transparency-dev proofgen mutation list (S22), as (description, args)."""
    yield "index-1", (index - 1, size, leaf, path, root)
    yield "index+1", (index + 1, size, leaf, path, root)
    yield "index^2", (index ^ 2, size, leaf, path, root)
    yield "size*2", (index, size * 2, leaf, path, root)
    yield "size/2", (index, size // 2, leaf, path, root)
    yield "wrong leaf", (index, size, V.leaf_hash(b"WhatHash"), path, root)
    yield "empty-tree root", (index, size, leaf, path, V.EMPTY_ROOT)
    yield "random root", (index, size, leaf, path, hashlib.sha256(b"random").digest())
    yield "flipped root", (index, size, leaf, path, flip(root))
    yield "trailing root", (index, size, leaf, path + [root], root)
    yield "preceding root", (index, size, leaf, [root] + path, root)
    yield "trailing empty", (index, size, leaf, path + [b""], root)
    yield "preceding empty", (index, size, leaf, [b""] + path, root)
    for i in range(len(path)):
        yield f"flip {i}", (index, size, leaf, path[:i] + [flip(path[i])] + path[i + 1:], root)
        yield f"remove {i}", (index, size, leaf, path[:i] + path[i + 1:], root)
        yield f"insert {i}", (index, size, leaf, path[:i] + [L[7]] + path[i:], root)


def consistency_mutations(s1, s2, r1, r2, path):
    yield "size1-1", (s1 - 1, s2, r1, r2, path)
    yield "size1+1", (s1 + 1, s2, r1, r2, path)
    yield "size1^2", (s1 ^ 2, s2, r1, r2, path)
    yield "size2*2", (s1, s2 * 2, r1, r2, path)
    yield "size2/2", (s1, s2 // 2, r1, r2, path)
    yield "size1=0", (0, s2, V.EMPTY_ROOT, r2, path)
    yield "size1>size2", (s2, s1, r2, r1, path)
    yield "roots swapped", (s1, s2, r2, r1, path)
    yield "wrong root1", (s1, s2, flip(r1), r2, path)
    yield "wrong root2", (s1, s2, r1, flip(r2), path)
    yield "empty root2", (s1, s2, r1, V.EMPTY_ROOT, path)
    yield "trailing root", (s1, s2, r1, r2, path + [r2])
    yield "preceding root", (s1, s2, r1, r2, [r1] + path)
    yield "trailing empty", (s1, s2, r1, r2, path + [b""])
    for i in range(len(path)):
        yield f"flip {i}", (s1, s2, r1, r2, path[:i] + [flip(path[i])] + path[i + 1:])
        yield f"remove {i}", (s1, s2, r1, r2, path[:i] + path[i + 1:])
        yield f"insert {i}", (s1, s2, r1, r2, path[:i] + [L[7]] + path[i:])


@pytest.mark.parametrize("index,size,path", INCLUSION)
def test_s22_mutated_inclusion_proofs_fail(index, size, path):
    for desc, args in inclusion_mutations(index, size, L[index], path, ROOTS[size][0]):
        assert not V.verify_inclusion(*args), desc


@pytest.mark.parametrize("size1,size2,path", CONSISTENCY)
def test_s22_mutated_consistency_proofs_fail(size1, size2, path):
    for desc, args in consistency_mutations(size1, size2, ROOTS[size1][0], ROOTS[size2][0], path):
        if args[:2] == (size1, size2) and args[2:] == (ROOTS[size1][0], ROOTS[size2][0], path):
            continue                                    # e.g. size1^2 == size1 changes nothing
        assert not V.verify_consistency(*args), desc


def test_all_proofs_up_to_64_leaves_verify_and_single_mutations_fail():
    leaves = [V.leaf_hash(bytes([i])) for i in range(64)]
    mthf = lambda a, b: mth(leaves[a:b])
    for n in range(1, 65):
        root = mth(leaves[:n])
        for m in range(n):
            path = V.inclusion_path(m, 0, n, mthf)
            assert V.verify_inclusion(m, n, leaves[m], path, root)
            if n <= 16:
                for desc, args in inclusion_mutations(m, n, leaves[m], path, root):
                    if desc in ("index^2", "size/2") and args[0] < args[1] and \
                            V.inclusion_path(args[0], 0, args[1], mthf) == path and \
                            mth(leaves[:args[1]]) == root:
                        continue                        # the mutation is itself a valid proof
                    assert not V.verify_inclusion(*args), (m, n, desc)
        for m in range(1, n):
            path = V.consistency_path(m, n, mthf)
            r1 = mth(leaves[:m])
            assert V.verify_consistency(m, n, r1, root, path)
            if n <= 16:
                for desc, args in consistency_mutations(m, n, r1, root, path):
                    if args[0] > 0 and args[0] < args[1] <= 64 and mth(leaves[:args[0]]) == args[2] \
                            and mth(leaves[:args[1]]) == args[3] \
                            and V.consistency_path(args[0], args[1], mthf) == args[4]:
                        continue
                    assert not V.verify_consistency(*args), (m, n, desc)


def test_s23_second_preimage_interior_node_is_not_a_leaf():
    forged = L[0] + L[1]                                # the 64 bytes under node N01
    assert V.leaf_hash(forged) != N01
    # pretend the size-4 tree is a 2-leaf tree whose first leaf is N01's preimage
    assert not V.verify_inclusion(0, 2, V.leaf_hash(forged), [N23], ROOTS[4][0])
    assert V.verify_inclusion(0, 4, L[0], [L[1], N23], ROOTS[4][0])


# ---------------------------------------------------------------- Ed25519 and signed notes
RFC8032_1 = dict(
    secret=h("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
    public=h("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
    sig=h("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
          "d25bf5f0595bbe24655141438e7a100b"))
KAT_SEED = bytes(range(32))
KAT_VKEY = "example.com/audit-log+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
KAT_CP8 = ("example.com/audit-log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n"
           "— example.com/audit-log B0mbLZLyh4863+NGjL2fjfvaQexYZxWZkzppLCjbqmguGY2Euk7E/AquVJOKG0FKm/11L34y0DGNJGXTje/dI5Y3/Q8=\n")
KAT_CP6 = ("example.com/audit-log\n6\nduZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=\n\n"
           "— example.com/audit-log B0mbLeRiD/w56/cv6Z9Gs9HEPK1SDKnHyUKdKyCRDmCMDrB9Yj/ASgOMCRp29TZltnS6SWR32psXWYhlAXLwr49V1ws=\n")
SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = ("This is an example message.\n\n— example.com/foo "
             "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")
CONSISTENCY_6_8 = ("old 6\nDrxdNDf74tsVi58Sah0RjjCBgQMdCpSfje3t68VY72o=\nyoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n"
                   "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n\n" + KAT_CP8)


def test_rfc8032_test_vector_1(backend):
    assert V.ed25519_public_key(RFC8032_1["secret"])[2] == RFC8032_1["public"]
    assert V.ed25519_sign(RFC8032_1["secret"], b"") == RFC8032_1["sig"]
    assert V.ed25519_verify(RFC8032_1["public"], b"", RFC8032_1["sig"])
    assert not V.ed25519_verify(RFC8032_1["public"], b"x", RFC8032_1["sig"])
    assert not V.ed25519_verify(RFC8032_1["public"], b"", flip(RFC8032_1["sig"]))
    bad_s = RFC8032_1["sig"][:32] + (int.from_bytes(RFC8032_1["sig"][32:], "little") + V.Q).to_bytes(32, "little")
    assert not V.ed25519_verify(RFC8032_1["public"], b"", bad_s)        # S >= L is malleable: refused


def test_pure_and_cryptography_agree_on_random_messages():
    if not V.crypto_available():
        pytest.skip("cryptography is not installed: only the pure backend exists here")
    for i in range(20):
        seed = hashlib.sha256(bytes([i])).digest()
        pub, msg = V.ed25519_public_key(seed)[2], b"m" * i
        sig = V.ed25519_sign(seed, msg)
        bad = sig[:i] + bytes([sig[i] ^ 1]) + sig[i + 1:]
        for s, want in ((sig, True), (bad, False)):
            assert V.ed25519_verify_pure(pub, msg, s) is want
            assert V.ed25519_verify_crypto(pub, msg, s) is want


def test_signed_note_spec_example(backend):
    key = V.Vkey(SPEC_VKEY)
    assert key.name == "example.com/foo" and key.key_id == h("530d903a")
    text, sigs = V.parse_note(SPEC_NOTE)
    assert text == "This is an example message.\n" and sigs[0][:2] == ("example.com/foo", h("530d903a"))
    assert V.ed25519_verify(key.pub, text.encode(), sigs[0][2])
    assert not V.ed25519_verify(key.pub, b"This is an example message!\n", sigs[0][2])


def test_kat_vkey_and_checkpoints(backend):
    key = V.Vkey(KAT_VKEY)
    assert key.pub == h("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8")
    assert V.ed25519_public_key(KAT_SEED)[2] == key.pub and V.key_id(key.name, key.pub) == h("07499b2d")
    assert V.verify_checkpoint(KAT_CP8, key, key.name, "cp") == (8, ROOTS[8][0])
    assert V.verify_checkpoint(KAT_CP6, key, key.name, "cp") == (6, ROOTS[6][0])
    # RFC 8032 signing is deterministic: the pure signer reproduces the KAT bytes
    assert sign_note("example.com/audit-log\n8\n" + ROOTS[8][1] + "\n") == KAT_CP8
    with pytest.raises(V.Problem, match="wrong origin"):
        V.verify_checkpoint(KAT_CP8, key, "example.com/other-log", "cp")


def test_vkey_whose_base64_contains_plus_and_malformed_vkeys():
    assert "+" in KAT_VKEY.split("+", 2)[2]          # the pitfall of §2.1: split on the first two only
    for bad in ("example.com/audit-log+07499b2e+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "example.com/audit-log+07499b2d", "+07499b2d+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
                "example.com/audit-log+07499b2d+AgOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"):
        with pytest.raises(V.Problem):
            V.Vkey(bad)


def sign_note(text, seed=KAT_SEED, name="example.com/audit-log"):
    pub = V.ed25519_public_key(seed)[2]
    return text + "\n— " + name + " " + b64(V.key_id(name, pub) + V.ed25519_sign(seed, text.encode())) + "\n"


ROOT8 = ROOTS[8][1]
S21_MALFORMED = {
    "leading zeros": sign_note(f"example.com/audit-log\n08\n{ROOT8}\n"),
    "size -1": sign_note(f"example.com/audit-log\n-1\n{ROOT8}\n"),
    "size +8": sign_note(f"example.com/audit-log\n+8\n{ROOT8}\n"),
    "unicode digits": sign_note("example.com/audit-log\n\u0668\n" + ROOT8 + "\n"),
    "bad base64": sign_note("example.com/audit-log\n8\n" + ROOT8.rstrip("=") + "\n"),
    "base64 alphabet": sign_note("example.com/audit-log\n8\n" + ROOT8.replace("+", "-") + "\n"),
    "non-canonical base64": sign_note("example.com/audit-log\n8\n" + ROOT8[:-2] + "h=\n"),
    "31-byte root": sign_note("example.com/audit-log\n8\n" + b64(ROOTS[8][0][:31]) + "\n"),
    "33-byte root": sign_note("example.com/audit-log\n8\n" + b64(ROOTS[8][0] + b"\0") + "\n"),
    "hyphen for em dash": KAT_CP8.replace("— ", "- "),
    "en dash for em dash": KAT_CP8.replace("— ", "\u2013 "),
    "CRLF": KAT_CP8.replace("\n", "\r\n"),
    "missing blank line": KAT_CP8.replace("\n\n", "\n"),
    "two blank lines": KAT_CP8.replace("\n\n", "\n\n\n"),
    "no final newline": KAT_CP8[:-1],
    "no signature": KAT_CP8.split("\n\n")[0] + "\n\n",
    "tab in note": KAT_CP8.replace("— example.com/audit-log ", "— example.com/audit-log\t"),
    "extension line": sign_note(f"example.com/audit-log\n8\n{ROOT8}\nextension\n"),
    "two lines only": sign_note("example.com/audit-log\n8\n"),
    "signature blob too short": KAT_CP8.split("\n\n")[0] + "\n\n— example.com/audit-log AAAA\n",
    "bad signature": KAT_CP8.replace("B0mbLZLy", "B0mbLZLz"),
    "body altered": KAT_CP8.replace("\n8\n", "\n7\n"),
    "signed by another key, same name and id": (lambda t: t.split("\n\n")[0] + "\n\n— example.com/audit-log " + b64(
        h("07499b2d") + V.ed25519_sign(b"\x07" * 32, t.split("\n\n")[0].encode() + b"\n")) + "\n")(KAT_CP8),
    "only an unknown key": sign_note(f"example.com/audit-log\n8\n{ROOT8}\n", seed=b"\x07" * 32),
}


@pytest.mark.parametrize("name", sorted(S21_MALFORMED))
def test_s21_malformed_notes_are_rejected(name, backend):
    with pytest.raises(V.Problem, match="rejected"):
        V.verify_checkpoint(S21_MALFORMED[name], V.Vkey(KAT_VKEY), "example.com/audit-log", "checkpoint")


def test_unknown_extra_signature_lines_are_ignored(backend):
    key = V.Vkey(KAT_VKEY)
    witness_seed = hashlib.sha256(b"witness").digest()
    witness = sign_note(KAT_CP8.split("\n\n")[0] + "\n", seed=witness_seed, name="witness.example/w1")
    extra_lines = [witness.split("\n\n")[1],                                     # another key name
                   "— example.com/audit-log " + b64(b"\xde\xad\xbe\xef" + b"\0" * 64) + "\n"]  # same name, other id
    for extra in extra_lines:
        for note in (KAT_CP8 + extra, KAT_CP8.replace("\n\n", "\n\n" + extra)):
            assert V.verify_checkpoint(note, key, key.name, "cp") == (8, ROOTS[8][0])


# ---------------------------------------------------------------- the entry profile
def entry(seq=1, **over):
    obj = {"v": 1, "seq": seq, "event_id": f"019bbf98-7b80-7000-8000-{seq:012x}", "type": "note.recorded",
           "subject": "org/hoi-1", "subject_version": seq, "occurred_at": "2025-12-01",
           "recorded_at": "2026-01-15T03:00:00.000Z", "actor": "clerk-01",
           "payload": {"text": f"Hội Nông dân số {seq}", "n": seq}}
    obj.update(over)
    return obj


def canon(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


GOOD = canon(entry())
BAD_ENTRIES = {
    "duplicate key": (GOOD[:-1] + b',"v":1}', "duplicate key"),
    "upper-case key": (canon(entry(payload={"Text": "x"})), "does not match"),
    "non-ASCII key": (canon(entry(payload={"tên": "x"})), "does not match"),
    "float": (canon(entry(payload={"rate": 0.6})), "not an integer"),
    "1.0": (GOOD.replace(b'"n":1', b'"n":1.0'), "not an integer"),
    "exponent": (GOOD.replace(b'"n":1', b'"n":1e2'), "not an integer"),
    "NaN": (GOOD.replace(b'"n":1', b'"n":NaN'), "not an integer"),
    "2^53": (canon(entry(payload={"n": 2**53})), "2^53"),
    "NFD": (canon(entry(payload={"text": unicodedata.normalize("NFD", "Hội Nông dân")})), "not NFC"),
    "U+0000": (canon(entry(payload={"text": "a\x00b"})), "U+0000"),
    "whitespace": (GOOD.replace(b",", b", ", 1), "not canonical"),
    "escaped slash": (GOOD.replace(b"org/hoi", b"org\\/hoi"), "not canonical"),
    "ascii-escaped": (json.dumps(entry(), sort_keys=True, separators=(",", ":")).encode(), "not canonical"),
    "unsorted": (json.dumps(entry(), separators=(",", ":"), ensure_ascii=False).encode(), "not canonical"),
    "lone surrogate": (GOOD.replace(b'"org/hoi-1"', b'"org/\\ud800"'), "not canonical"),
    "invalid UTF-8": (GOOD.replace(b"clerk", b"cl\xffrk"), "not valid JSON"),
    "array": (b"[1]", "not a JSON object"),
    "too large": (canon(entry(payload={"text": "x" * 65536})), "limit 65535"),
    "v=2": (canon(entry(v=2)), "version"),
    "v=true": (canon(entry(v=True)), "wrong type"),
    "missing actor": (canon({k: v for k, v in entry().items() if k != "actor"}), "actor"),
    "payload not object": (canon(entry(payload=[1])), "payload"),
    "unknown field": (canon(entry(colour="red")), "unexpected"),
    "meta not object": (canon(entry(meta="x")), "meta"),
    "upper-case uuid": (canon(entry(event_id="019BBF98-7B80-7000-8000-000000000001")), "event_id"),
    "recorded_at format": (canon(entry(recorded_at="2026-01-15T03:00:00Z")), "recorded_at"),
}


def test_valid_entry_passes():
    assert V.check_entry(GOOD)["seq"] == 1
    assert V.check_entry(canon(entry(meta={"note": "Việt Nam"}, payload={"n": -(2**53 - 1)})))


@pytest.mark.parametrize("name", sorted(BAD_ENTRIES))
def test_bad_entries_are_rejected(name):
    raw, words = BAD_ENTRIES[name]
    with pytest.raises(V.Problem, match=re.escape(words)):
        V.check_entry(raw)


# ---------------------------------------------------------------- a log built here, from the schema
ORIGIN = "example.com/audit-log"


def build_db(path, n=10, checkpoint_sizes=(0, 3, 7, 10), entries=None, notes=None):
    """An auditlog/v1 database written by this test alone, signed with the §2.2 KAT key."""
    entries = entries or [canon(entry(i)) for i in range(1, n + 1)]
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.executescript((ROOT / "Schemas/sql/001_log.sql").read_text())
        con.execute("PRAGMA user_version = 1")
        con.execute("INSERT INTO log_meta (id, format, origin, vkey, timezone, created_at, catalogue) VALUES (1, 'auditlog/v1', ?, ?, 'Asia/Ho_Chi_Minh', "
                    "'2026-01-15T03:00:00.000Z', 'none')", (ORIGIN, KAT_VKEY))
        tree = V.Frontier()
        for size in range(len(entries) + 1):
            if size:
                raw = entries[size - 1]
                o = json.loads(raw)
                con.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)",
                            (size, raw, V.leaf_hash(raw), o["event_id"], o["type"], o["subject"],
                             o["subject_version"], o["occurred_at"], o["recorded_at"]))
                tree.push(V.leaf_hash(raw), lambda level, idx, node: con.execute(
                    "INSERT INTO merkle_nodes VALUES (?, ?, ?)", (level, idx, node)))
            if size in checkpoint_sizes:
                note = sign_note(f"{ORIGIN}\n{size}\n{b64(tree.root())}\n")
                con.execute("INSERT INTO checkpoints VALUES (?, ?)", ((notes or {}).get(size, size), note))
        con.commit()
    return path


def run(*args):
    proc = subprocess.run([sys.executable, str(VERIFY), *map(str, args)], capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


def sql(path, *statements):
    with contextlib.closing(sqlite3.connect(path)) as con:
        for s in ("DROP TRIGGER IF EXISTS events_no_update", "DROP TRIGGER IF EXISTS events_no_delete",
                  "DROP TRIGGER IF EXISTS checkpoints_no_update", "DROP TRIGGER IF EXISTS checkpoints_no_delete",
                  "DROP TRIGGER IF EXISTS log_meta_no_update", "DROP TRIGGER IF EXISTS merkle_nodes_no_update"):
            con.execute(s)
        for s in statements:
            con.execute(*s) if isinstance(s, tuple) else con.execute(s)
        con.commit()


@pytest.mark.parametrize("pure", [True, False])
def test_db_clean_log_is_ok_in_text_and_json(tmp_path, pure):
    db = build_db(tmp_path / "a.db")
    extra = ["--pure"] if pure else []
    code, out = run("db", db, "--vkey", KAT_VKEY, *extra)
    assert code == 0 and out.rstrip().endswith("OK"), out
    assert "pure-python (RFC 8032)" in out if pure or not V.crypto_available() else "cryptography" in out
    code, out = run("db", db, "--vkey", KAT_VKEY, "--json", *extra)
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["size"] == 10 and report["entries"] == 10
    assert report["checkpoints"] == 4 and report["problem"] is None
    tree = V.Frontier()
    for i in range(1, 11):
        tree.push(V.leaf_hash(canon(entry(i))))
    assert report["root"] == b64(tree.root())
    code, out = run("db", db)                              # no --vkey: the file's key, with a warning
    assert code == 0 and "warning" in out and "from the file" in out


def test_db_usage_and_unreadable_files(tmp_path):
    assert run("db", tmp_path / "missing.db")[0] == 2
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    assert run("db", tmp_path / "junk.db")[0] == 2
    db = build_db(tmp_path / "a.db")
    assert run("db", db, "--vkey", "nonsense")[0] == 2
    assert run("db", db, "--checkpoint", tmp_path / "missing.txt")[0] == 2
    assert run("nonsense")[0] == 2


def test_db_inspector_checkpoints_fork_and_rollback(tmp_path):
    db = build_db(tmp_path / "a.db")
    code, out = run("make-proof", db, 1, "--size", 7)
    kept7 = out.split("\n\n", 1)[1]
    (tmp_path / "kept7.txt").write_text(kept7)
    assert run("db", db, "--vkey", KAT_VKEY, "--checkpoint", tmp_path / "kept7.txt")[0] == 0
    # rewrite seq 5 and re-sign everything with the log's key (S3): OK alone, FORK with kept7
    forged = [canon(entry(i)) for i in range(1, 11)]
    forged[4] = canon(entry(5, payload={"text": "sửa lại", "n": 5}))
    db2 = build_db(tmp_path / "b.db", entries=forged)
    assert run("db", db2, "--vkey", KAT_VKEY)[0] == 0
    code, out = run("db", db2, "--vkey", KAT_VKEY, "--checkpoint", tmp_path / "kept7.txt")
    assert code == 1 and "FAIL (tampering): seq 7: FORK: kept checkpoint" in out and "another root for size 7" in out, out
    # the kept checkpoint is at a size the log never signed: still a fork
    db3 = build_db(tmp_path / "c.db", entries=forged, checkpoint_sizes=(0, 10))
    code, out = run("db", db3, "--vkey", KAT_VKEY, "--checkpoint", tmp_path / "kept7.txt")
    assert code == 1 and "FAIL (tampering): seq 7: FORK" in out, out
    # rollback to 5 entries
    db4 = build_db(tmp_path / "d.db", n=5, checkpoint_sizes=(0, 5))
    code, out = run("db", db4, "--vkey", KAT_VKEY, "--checkpoint", tmp_path / "kept7.txt")
    assert code == 1 and "FAIL (tampering): kept checkpoint size 7 > log size 5 (truncation/rollback)" in out, out
    # a kept checkpoint of another log
    (tmp_path / "other.txt").write_text(sign_note(f"example.com/other\n7\n{ROOT8}\n", name="example.com/other"))
    code, out = run("db", db, "--vkey", KAT_VKEY, "--checkpoint", tmp_path / "other.txt")
    assert code == 1 and 'FAIL (input): kept checkpoint' in out and 'is of the log "example.com/other", not of this log' in out, out


DB_TAMPERS = {
    "S1 entry edited": (["UPDATE events SET entry = CAST(replace(CAST(entry AS TEXT), 'số 3', 'số 9') AS BLOB) "
                         "WHERE seq = 3"], "seq 3: stored leaf_hash mismatch"),
    "S5 row deleted": (["DELETE FROM events WHERE seq = 8"], "seq 9: seq gap/reorder"),
    "S8 truncated": (["DELETE FROM events WHERE seq > 8"], "stored checkpoint size 10 > log size 8"),
    "S9 tail unsigned": (["DELETE FROM checkpoints WHERE size = 10"], "3 trailing entries not covered"),
    "user_version": (["PRAGMA user_version = 2"], "user_version"),
    "format": (["UPDATE log_meta SET format = 'x'"], None),           # CHECK constraint refuses it
    "column copy": (["UPDATE events SET subject = 'org/khac' WHERE seq = 4"], "seq 4: column subject"),
    "checkpoint size moved": (["UPDATE checkpoints SET size = 4 WHERE size = 3"], "stored checkpoint row 4 holds a note for size 3"),
    "recorded_at backwards": (None, "seq 2: recorded_at goes backwards"),
    "merkle cache damaged": (["UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1"],
                             "merkle_nodes (2, 1) differs from the entries"),
    "merkle cache node missing": (["DELETE FROM merkle_nodes WHERE level = 1 AND idx = 2"],
                                  "merkle_nodes lacks (1, 2)"),
    "merkle cache node beyond the log": (["INSERT INTO merkle_nodes VALUES (1, 5, zeroblob(32))"],
                                         "merkle_nodes holds (1, 5) beyond the log"),
    "history before cache": (["UPDATE events SET leaf_hash = zeroblob(32) WHERE seq = 9",
                              "DELETE FROM merkle_nodes WHERE level = 1 AND idx = 0"],
                             "seq 9: stored leaf_hash mismatch"),
}


@pytest.mark.parametrize("name", sorted(DB_TAMPERS))
def test_db_tampering_is_reported_with_its_seq(tmp_path, name):
    statements, words = DB_TAMPERS[name]
    if statements is None:
        entries = [canon(entry(i, recorded_at=f"2026-01-1{5 - (i > 1)}T03:00:00.000Z")) for i in range(1, 11)]
        db = build_db(tmp_path / "a.db", entries=entries)
    else:
        db = build_db(tmp_path / "a.db")
        try:
            sql(db, *statements)
        except sqlite3.IntegrityError:
            assert words is None                   # the schema itself refuses this one
            return
    code, out = run("db", db, "--vkey", KAT_VKEY)
    assert code == 1 and words in out, out


def test_db_streams_with_memory_independent_of_size(tmp_path):
    db = build_db(tmp_path / "big.db", n=3000, checkpoint_sizes=(0, 1000, 3000))
    code, out = run("db", db, "--vkey", KAT_VKEY, "--json")
    assert code == 0 and json.loads(out)["size"] == 3000


# ---------------------------------------------------------------- proofs
def write(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    return tmp_path / name


def test_consistency_body_from_the_research_vectors(tmp_path, backend):
    key = V.Vkey(KAT_VKEY)
    assert V.check_proof(CONSISTENCY_6_8, key, KAT_CP6).endswith("of size 6")
    with pytest.raises(V.Problem):
        V.check_proof(CONSISTENCY_6_8.replace("yoVOoSjt", "yoVOoSju"), key, KAT_CP6)
    with pytest.raises(V.Problem, match="starts at size"):
        V.check_proof(CONSISTENCY_6_8.replace("old 6", "old 5"), key, KAT_CP6)
    with pytest.raises(V.Problem, match="rollback"):                  # S19: a stale "latest" checkpoint
        V.check_proof("old 8\n\n" + KAT_CP6, key, KAT_CP8)
    with pytest.raises(V.UsageError):
        V.check_proof(CONSISTENCY_6_8, key, None)
    assert run("proof", write(tmp_path, "c.txt", CONSISTENCY_6_8), "--vkey", KAT_VKEY,
               "--old", write(tmp_path, "k6.txt", KAT_CP6))[0] == 0
    assert run("proof", tmp_path / "c.txt", "--vkey", KAT_VKEY)[0] == 2


def test_make_proof_and_check_proof_round_trip_on_every_seq_and_size(tmp_path):
    db = build_db(tmp_path / "a.db", n=10, checkpoint_sizes=(0, 1, 3, 4, 7, 10))
    key = V.Vkey(KAT_VKEY)
    for size in (1, 3, 4, 7, 10):
        for seq in range(1, size + 1):
            code, receipt = run("make-proof", db, seq, "--size", size)
            assert code == 0, receipt
            assert V.check_proof(receipt, key) == f"entry seq {seq} is in the log {ORIGIN} of size {size}"
    assert run("make-proof", db, 11)[0] == 2 and run("make-proof", db, 1, "--size", 5)[0] == 2
    for to in (0, 1, 3, 4, 7, 10):
        for frm in range(0, to + 1):
            code, body = run("make-consistency", db, "--from", frm, "--to", to)
            assert code == 0, body
            old = V.LogReader(db).checkpoint(frm)[1] if frm in (0, 1, 3, 4, 7, 10) else None
            if old:
                V.check_proof(body, key, old)
    assert run("make-consistency", db, "--from", 11)[0] == 2


def mutate_lines(text):
    """Every single-line mutation of a proof text: S22 at the text level."""
    head, note = text.split("\n\n", 1)
    lines = head.split("\n")
    for i, line in enumerate(lines):
        if i == 0:
            continue
        if line.startswith("index ") or line.startswith("old "):
            word, n = line.split(" ")
            for m in (int(n) - 1, int(n) + 1, int(n) ^ 2, int(n) * 2 + 1):
                if m >= 0 and m != int(n):
                    yield f"{word} {m}", "\n".join(lines[:i] + [f"{word} {m}"] + lines[i + 1:]) + "\n\n" + note
        elif line.startswith("extra "):
            e = json.loads(base64.b64decode(line[6:]))
            e["payload"]["n"] += 1
            yield "extra", "\n".join(lines[:i] + ["extra " + b64(canon(e))] + lines[i + 1:]) + "\n\n" + note
        else:
            flipped = b64(flip(base64.b64decode(line)))
            yield f"flip {i}", "\n".join(lines[:i] + [flipped] + lines[i + 1:]) + "\n\n" + note
            yield f"remove {i}", "\n".join(lines[:i] + lines[i + 1:]) + "\n\n" + note
    yield "added", head + "\n" + b64(L[7]) + "\n\n" + note
    yield "size", head + "\n\n" + note.replace(note.split("\n")[1], str(int(note.split("\n")[1]) * 2), 1)


def test_s22_mutated_receipts_and_consistency_bodies_fail(tmp_path):
    db = build_db(tmp_path / "a.db", n=10, checkpoint_sizes=(0, 3, 7, 10))
    key = V.Vkey(KAT_VKEY)
    reader = V.LogReader(db)
    for seq in (1, 4, 6, 10):
        receipt = run("make-proof", db, seq)[1]
        for desc, bad in mutate_lines(receipt):
            with pytest.raises(V.Problem):
                V.check_proof(bad, key)
    for frm in (3, 7):
        body = run("make-consistency", db, "--from", frm)[1]
        for desc, bad in mutate_lines(body):
            with pytest.raises(V.Problem):
                V.check_proof(bad, key, reader.checkpoint(frm)[1])
    # the receipt's entry must be canonical and carry seq == index + 1
    receipt = run("make-proof", db, 4)[1]
    forged = receipt.replace("index 3", "index 2")
    with pytest.raises(V.Problem):
        V.check_proof(forged, key)
    # S23 at the receipt level: N01's 64-byte preimage as the entry
    with pytest.raises(V.Problem):
        V.check_proof("c2sp.org/tlog-proof@v1\nextra " + b64(L[0] + L[1]) + "\nindex 0\n" + b64(N23)
                      + "\n\n" + KAT_CP8, key)

#!/usr/bin/env python3
"""labgraph selections from Python, standard library only (README "Selections").

    python3 examples/labgraph_selection.py walkthrough --url http://127.0.0.1:4000 --token TOKEN
    python3 examples/labgraph_selection.py vectors < vectors.json

`walkthrough` asks for 3 opto + 2 training sessions of Ai32 mice with seed 7 (the fixture lab has only
2 opto sessions: SAMPLE_LARGER_THAN_POPULATION), stores 2 opto + 2 training instead, re-draws every
query locally from the stored candidate snapshot to show it is reproducible, exports its manifest
and downloads it, then exports it again over the registered dataset `behavior/DynamicRouting1_*.hdf5`
(allowPartial: the fixture registry holds that dataset for one of the sessions only). `vectors` reads
[[seed, candidates, count], ...] and prints the draws as JSON.
"""
import argparse
import json
import sys
import urllib.request

M64 = (1 << 64) - 1


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoroshiro128Plus:
    """pure-rand's xoroshiro128plus(seed): each step returns the low 32 bits of s0 + s1."""

    def __init__(self, seed):
        seed &= 0xFFFFFFFF
        self.s0 = (0xFFFFFFFF << 32) | (~seed & 0xFFFFFFFF)
        self.s1 = seed << 32

    def next_u32(self):
        out = (self.s0 + self.s1) & 0xFFFFFFFF
        s1 = self.s1 ^ self.s0
        self.s0 = _rotl(self.s0, 24) ^ s1 ^ ((s1 << 16) & M64)
        self.s1 = _rotl(s1, 37)
        return out


def uniform_below(rng, m):
    """pure-rand's uniformInt(rng, 0, m - 1): 32-bit draws, rejecting the biased top for m > 2."""
    limit = (2**32 // m) * m if m > 2 else 2**32
    v = rng.next_u32() ^ 0x80000000  # pure-rand adds 2**31 to a signed 32-bit draw
    while v >= limit:
        v = rng.next_u32() ^ 0x80000000
    return v % m


def draw_sample(candidates, count, seed):
    """v1-xoroshiro128plus-fisheryates: sorted candidates, fresh generator, partial Fisher-Yates."""
    items = sorted(set(candidates))
    rng = Xoroshiro128Plus(seed)
    for i in range(count):
        j = i + uniform_below(rng, len(items) - i)
        items[i], items[j] = items[j], items[i]
    return items[:count]


def graphql(url, token, query, variables=None):
    request = urllib.request.Request(
        url + "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"content-type": "application/json", "authorization": "Bearer " + token},
    )
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


CREATE = """mutation($input: CreateSelectionInput!) {
  createSelection(input: $input) {
    userErrors { code field message }
    selection { id seed algorithm selectedIds queries { label filterSha256 count candidateIds selectedIds } }
  }
}"""

PREVIEW = """query($input: SelectionPreviewInput!) {
  selectionPreview(input: $input) { userErrors { code field message } preview { selectedIds } }
}"""

EXPORT = """mutation($input: ExportManifestInput!) {
  exportManifest(input: $input) {
    userErrors { code field message }
    manifest { id sha256 url entries { sessionId datasetId resolvedRevision inputUri frameCount nbinned }
      problems { code sessionIds message } }
  }
}"""


def walkthrough(url, token):
    genotype = {"genotypeContains": "Ai32"}
    selection_input = {
        "comment": "2 opto + 2 training sessions of Ai32 mice",
        "seed": 7,
        "queries": [
            {"label": "opto", "filter": dict(genotype, isOpto=True), "count": 2},
            {"label": "training", "filter": dict(genotype, isTraining=True), "count": 2},
        ],
    }
    three_opto = dict(selection_input, queries=[dict(selection_input["queries"][0], count=3), selection_input["queries"][1]])
    del three_opto["comment"]
    preview = graphql(url, token, PREVIEW, {"input": three_opto})["selectionPreview"]
    for error in preview["userErrors"]:
        print("3 opto sessions?", error["code"], "-", error["message"])
    created = graphql(url, token, CREATE, {"input": selection_input})["createSelection"]
    if created["userErrors"]:
        raise SystemExit(created["userErrors"])
    selection = created["selection"]
    print("stored", selection["id"], "with", selection["algorithm"], "seed", selection["seed"])
    for query in selection["queries"]:
        again = draw_sample(query["candidateIds"], query["count"], selection["seed"])
        assert again == query["selectedIds"], (again, query["selectedIds"])
        print(f"  {query['label']}: {query['selectedIds']} (re-drawn locally: identical)")

    exported = graphql(url, token, EXPORT, {"input": {"selectionId": selection["id"], "format": "JSONL"}})
    result = exported["exportManifest"]
    if result["userErrors"]:
        raise SystemExit(result["userErrors"])
    manifest = result["manifest"]
    with urllib.request.urlopen(url + manifest["url"]) as response:
        lines = [json.loads(line) for line in response.read().decode().splitlines()]
    for line in lines:
        print("  ", line["sessionId"], line["frameCount"], "frames ->", line["nbinned"], "bins", line["inputUri"])
    print("manifest", manifest["id"], "sha256", manifest["sha256"])

    # The same selection over a registered dataset: ONE's default revision of each session's file.
    dataset = {"name": "DynamicRouting1_*.hdf5", "collection": "behavior"}
    over_dataset = {"selectionId": selection["id"], "dataset": dataset, "allowPartial": True}
    result = graphql(url, token, EXPORT, {"input": over_dataset})["exportManifest"]
    if result["userErrors"]:
        raise SystemExit(result["userErrors"])
    manifest = result["manifest"]
    for entry in manifest["entries"]:
        print("  ", entry["datasetId"], f"revision {entry['resolvedRevision']!r}:", entry["frameCount"], "frames")
    for problem in manifest["problems"]:
        print("   left out:", problem["code"], "-", problem["message"])
    print("manifest", manifest["id"], "over", dataset)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["walkthrough", "vectors"])
    parser.add_argument("--url", default="http://127.0.0.1:4000")
    parser.add_argument("--token", default="lg_fixture_write_8b2d4e60")
    args = parser.parse_args()
    if args.command == "vectors":
        json.dump([draw_sample(c, n, s) for s, c, n in json.load(sys.stdin)], sys.stdout)
    else:
        walkthrough(args.url.rstrip("/"), args.token)


if __name__ == "__main__":
    main()

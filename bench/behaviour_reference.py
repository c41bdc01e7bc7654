"""The Python baseline of the behaviour benchmark (bench/behaviour.ts runs it with Debian's
/usr/bin/python3, h5py and numpy).

It does what the reference analysis does with one task file, the way it does it: open the file with
h5py, read the datasets labgraph reads, build the frame clocks (npc_sessions' no-sync time bases:
np.cumsum of frameIntervals, the flip clock extended by the median of their differences), every
per-trial time and flag of the trials table (npc_sessions' DynamicRouting1 trials), the per-block
quantities of the performance table (hit and false-alarm rates, d' with the 1/(2N) rule as in
DynamicRoutingAnalysisUtils' calcDprime) and the one epoch (np.sum of frameIntervals).

Usage: behaviour_reference.py FILE RUNS NAME... (the dataset names). Prints one JSON line:
{"wall_ms": [...], "cpu_ms": [...], "trials": N, "blocks": B, "check": {...}} — the wall and process
CPU time of each of RUNS runs after one warm-up, each run from opening the file to the last per-block
value, and a few results for the caller to compare with its own.
"""

import json
import statistics
import sys
import time

import h5py
import numpy as np

PPF = statistics.NormalDist().inv_cdf


def read(path, names):
    """Every requested dataset present in the file, as numpy values (vlen strings stay bytes)."""
    with h5py.File(path, "r") as f:
        return {name: f[name][()] for name in names if name in f and isinstance(f[name], h5py.Dataset)}


def text(values):
    return np.array([v.decode() if isinstance(v, bytes) else str(v) for v in np.atleast_1d(values)])


def frame_clocks(intervals):
    c = np.cumsum(intervals)
    input_times = np.concatenate([[0.0], c])
    flip = np.concatenate([c, [c[-1] + np.median(np.diff(intervals))]])
    return input_times, flip, flip


def at(base, frames):
    """base[frames] with NaN frames giving NaN, as the reference's frame-time lookups do."""
    frames = np.asarray(frames, dtype=float)
    out = np.full(frames.shape, np.nan)
    ok = ~np.isnan(frames)
    out[ok] = base[frames[ok].astype(np.int64)]
    return out


def first_column(values, n):
    values = np.asarray(values, dtype=float)
    return (values[:, 0] if values.ndim == 2 else values)[:n]


def dprime(hit_rate, fa_rate, n_go, n_nogo):
    if np.isnan(hit_rate) or np.isnan(fa_rate):
        return np.nan

    def adjust(r, n):
        return 0.5 / n if r == 0 else 1 - 0.5 / n if r == 1 else r

    return PPF(adjust(hit_rate, n_go)) - PPF(adjust(fa_rate, n_nogo))


def rate(mask, of):
    total = of.sum()
    return np.nan if total == 0 else (mask & of).sum() / total


def trials_and_blocks(d):
    n = d["trialEndFrame"].size
    input_times, flip, display = frame_clocks(d["frameIntervals"])
    s = d["trialStimStartFrame"][:n]
    rw0, rw1 = d["responseWindow"]
    stim = text(d["trialStim"])[:n]
    block = d["trialBlock"][:n] - 1
    block_rewarded = text(d["blockStimRewarded"])
    rewarded_stim = block_rewarded[block]
    is_repeat = np.asarray(d["trialRepeat"], dtype=bool)[:n]
    vis_names = {x for x in np.unique(stim) if "vis" in x}
    aud_names = {x for x in np.unique(stim) if "sound" in x}
    is_vis = np.isin(stim, list(vis_names))
    is_aud = np.isin(stim, list(aud_names))
    is_catch = stim == "catch"
    change = np.concatenate([[True], block[1:] != block[:-1]])
    starts = np.flatnonzero(change)
    index_in_block = np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n)))

    t = {}
    t["start_time"] = t["quiescent_start_time"] = at(flip, s - d["quiescentFrames"])
    t["stop_time"] = at(flip, d["trialEndFrame"][:n])
    t["quiescent_stop_time"] = at(input_times, s - 1)
    vis_frames = d["trialVisStimFrames"][:n]
    sound_dur = d["trialSoundDur"][:n]
    stim_start = np.where(is_vis | is_catch, at(display, s), np.nan)
    stim_stop = np.where(is_vis | is_catch, at(display, s + vis_frames), np.nan)
    stim_start = np.where(is_aud, at(flip, s), stim_start)
    t["stim_start_time"] = stim_start
    t["stim_stop_time"] = np.where(is_aud, stim_start + sound_dur, stim_stop)
    onset = first_column(d.get("trialOptoOnsetFrame", np.full(n, np.nan)), n)
    if onset.size and np.isfinite(onset).any():
        t["opto_start_time"] = at(flip, s + onset)
        t["opto_stop_time"] = t["opto_start_time"] + first_column(d["trialOptoDur"], n)
    t["response_window_start_time"] = at(input_times, s + rw0)
    t["response_window_stop_time"] = at(flip, s + rw1)
    t["task_control_response_time"] = t["response_time"] = at(input_times, d["trialResponseFrame"][:n])
    timeout0 = np.where(np.append(is_repeat[1:], False), s + rw1 + 1, np.nan)
    timeout1 = timeout0 + d["incorrectTimeoutFrames"]
    t["timeout_start_time"] = at(input_times, timeout0)
    t["timeout_stop_time"] = at(display, timeout1)
    post0 = np.where(np.isnan(timeout1), s + rw1, timeout1)
    t["post_response_window_start_time"] = at(display, post0)
    t["post_response_window_stop_time"] = at(display, post0 + d["postResponseWindowFrames"])

    rewarded = np.asarray(d["trialRewarded"], dtype=bool)[:n]
    r = flip[d["rewardFrames"]]
    r = r[(r >= t["start_time"][0]) & (r <= t["stop_time"][-1])]
    trial_of = np.searchsorted(t["start_time"], r, side="right") - 1
    reward_time = np.full(n, np.nan)
    if np.array_equal(trial_of, np.flatnonzero(rewarded)):
        reward_time[trial_of] = r
    else:
        for k in np.flatnonzero(rewarded):
            inside = r[(t["start_time"][k] < r) & (r < t["stop_time"][k])]
            if inside.size:
                reward_time[k] = inside[0]
    t["reward_time"] = reward_time

    resp = np.asarray(d["trialResponse"], dtype=bool)[:n]
    scheduled = np.asarray(d["trialAutoRewardScheduled"], dtype=bool)[:n]
    auto = np.asarray(d["trialAutoRewarded"], dtype=bool)[:n]
    targets = np.unique(block_rewarded)
    is_go = stim == rewarded_stim
    is_nogo = (stim != rewarded_stim) & ~is_catch & (np.char.find(stim, "+") < 0)
    is_target = np.isin(stim, targets)
    f = {
        "is_response": resp,
        "is_go": is_go,
        "is_nogo": is_nogo,
        "is_hit": resp & is_go,
        "is_miss": ~resp & is_go,
        "is_false_alarm": resp & is_nogo,
        "is_correct_reject": ~resp & is_nogo,
        "is_contingent_reward": rewarded & ~auto,
        "is_reward_scheduled": scheduled,
        "is_instruction": index_in_block
        < d["newBlockGoTrials"] + d.get("newBlockNogoTrials", 0) + d.get("newBlockCatchTrials", 0),
        "is_vis_target": is_target & is_vis,
        "is_aud_target": is_target & is_aud,
        "is_vis_nontarget": is_vis & ~is_target,
        "is_aud_nontarget": is_aud & ~is_target,
        "is_vis_rewarded": np.isin(rewarded_stim, list(vis_names)),
        "is_aud_rewarded": np.isin(rewarded_stim, list(aud_names)),
        "is_catch": is_catch,
        "is_block_switch": (index_in_block == 0) & (block != 0),
        "is_opto": ~np.isnan(t.get("opto_start_time", np.full(n, np.nan))),
    }
    f["is_correct"] = f["is_hit"] | f["is_correct_reject"] | (is_catch & ~resp)
    f["is_incorrect"] = f["is_miss"] | f["is_false_alarm"] | (is_catch & resp)
    repeat_index = np.zeros(n)
    for k in range(n):
        repeat_index[k] = repeat_index[k - 1] + 1 if is_repeat[k] and k > 0 else float(is_repeat[k])
    t = {name: v for name, v in t.items() if not np.isnan(v).all()}

    other_target = is_target & ((is_vis & f["is_aud_rewarded"]) | (is_aud & f["is_vis_rewarded"]))
    not_instruction = ~f["is_instruction"]
    blocks = []
    for b in np.unique(block):
        rows = block == b
        n_go = (rows & is_go).sum()
        hit_rate = rate(f["is_hit"], rows & is_go)
        cross = dprime(hit_rate, rate(f["is_false_alarm"], rows & other_target), n_go, (rows & other_target).sum())
        row = {
            "start_time": t["start_time"][rows].min(),
            "stop_time": t["stop_time"][rows].max(),
            "n_trials": rows.sum(),
            "n_responses": (rows & resp).sum(),
            "n_hits": (rows & f["is_hit"]).sum(),
            "n_contingent_rewards": (rows & f["is_contingent_reward"]).sum(),
            "hit_rate": hit_rate,
            "false_alarm_rate": rate(f["is_false_alarm"], rows & is_nogo),
            "catch_response_rate": rate(resp, rows & is_catch),
            "cross_modality_dprime": cross,
        }
        for m in ("vis", "aud"):
            a, nt = rows & f[f"is_{m}_target"], rows & f[f"is_{m}_nontarget"]
            row[f"{m}_dprime"] = dprime(rate(f["is_hit"], a), rate(f["is_false_alarm"], nt), a.sum(), nt.sum())
            for kind, group in (("target", a), ("nontarget", nt)):
                row[f"{m}_{kind}_response_rate"] = rate(resp & ~scheduled, group & not_instruction)
        blocks.append(row)
    epoch = {"start_time": 0.0, "stop_time": np.sum(d["frameIntervals"])}
    return t, f, blocks, epoch


def run(path, names):
    return trials_and_blocks(read(path, names))


def main():
    path, runs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    t, _, blocks, _ = run(path, names)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        run(path, names)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    # A few results, so the caller can check that both sides computed the same tables.
    check = {name: t[name].tolist() for name in ("start_time", "stop_time", "response_time", "reward_time")}
    check.update({name: [float(b[name]) for b in blocks] for name in ("hit_rate", "cross_modality_dprime", "vis_dprime")})
    summary = {"wall_ms": wall, "cpu_ms": cpu, "trials": len(t["start_time"]), "blocks": len(blocks)}
    print(json.dumps({**summary, "check": check}).replace("NaN", "null"))


if __name__ == "__main__":
    main()

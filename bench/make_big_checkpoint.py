#!/usr/bin/python3
"""Writes a ~1 GB float32 safetensors checkpoint for benchmarking `parity weights stats` (do not commit the output).

    /usr/bin/python3 bench/make_big_checkpoint.py /tmp/big.safetensors [target_bytes]

Layers shaped like a scaled-up S3Gen decoder: per block a Conv1d [512, 512, 3] + bias, four Linear [2048, 512] /
[512, 2048] + biases, two LayerNorm [512]; blocks are added until the data reaches target_bytes (default 1e9).
Values: N(0, 1/fan_in) per tensor, from numpy's default_rng(block index).
"""
import json
import struct
import sys

import numpy as np


def layout(target):
    shapes, block = [], 0
    per_block = [("conv.weight", (512, 512, 3)), ("conv.bias", (512,)), ("ff.w_1.weight", (2048, 512)),
                 ("ff.w_1.bias", (2048,)), ("ff.w_2.weight", (512, 2048)), ("ff.w_2.bias", (512,)),
                 ("attn.to_q.weight", (512, 512)), ("attn.to_out.weight", (512, 512)), ("norm1.weight", (512,)),
                 ("norm1.bias", (512,))]
    total = 0
    while total < target:
        for name, shape in per_block:
            shapes.append((f"decoder.blocks.{block}.{name}", shape))
            total += 4 * int(np.prod(shape))
        block += 1
    return shapes


def main(path, target):
    shapes = layout(target)
    header, offset = {}, 0
    for name, shape in shapes:
        n = 4 * int(np.prod(shape))
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + n]}
        offset += n
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for i, (name, shape) in enumerate(shapes):
            rng = np.random.default_rng(i)
            fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
            a = rng.standard_normal(shape, dtype=np.float32) / np.float32(np.sqrt(fan_in))
            f.write(a.astype("<f4").tobytes())
    print(f"{path}: {len(shapes)} tensors, {offset} data bytes")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1e9)

"""Generate the OK and error tones as 16-bit mono WAV files, with the standard library only.

    python assets/sounds/generate.py assets/sounds
"""

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22050


def tone(parts, path: Path) -> None:
    """parts: (frequency Hz or 0 for silence, seconds, volume; a negative volume clips to a harsh buzz)."""
    frames = bytearray()
    for freq, secs, vol in parts:
        n = int(RATE * secs)
        for i in range(n):
            env = min(1.0, i / (RATE * 0.005), (n - i) / (RATE * 0.01))  # 5 ms in, 10 ms out: no clicks
            s = 0.0 if freq == 0 else math.sin(2 * math.pi * freq * i / RATE)
            if freq and vol < 0:
                s = math.copysign(min(1.0, abs(s) * 3), s)
            frames += struct.pack("<h", int(32767 * abs(vol) * env * s))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(bytes(frames))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    tone([(1318.5, 0.09, 0.8), (0, 0.02, 0), (1760.0, 0.14, 0.8)], out / "ok.wav")  # E6 -> A6, rising: done
    tone([(392.0, 0.18, -0.7), (0, 0.06, 0), (311.1, 0.18, -0.7), (0, 0.06, 0), (261.6, 0.30, -0.7)],
         out / "error.wav")  # G4 -> Eb4 -> C4, falling buzz: stop and look

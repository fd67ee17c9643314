"""What tests share: fakes at the seams (the fake Bot API, the local feed server, a
recording `Sender`), the running bot, polling and fan-out helpers, and the project's paths.

Test modules import from here, never from one another.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"

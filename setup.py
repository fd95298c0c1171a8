"""Build step only (all metadata is in pyproject.toml): the wheel carries the report's data/ and corpus/.

They stay at the top of the checkout, where the project and its tests read them; building copies them into
index_core/_bundle/ inside the wheel, where index_core.paths finds them through importlib.resources.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = {"data": ("*.csv", "SCHEMA.md"), "corpus": ("report.md", "passages.jsonl")}


class BuildWithReportData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        target = Path(self.build_lib) / "index_core" / "_bundle"
        for folder, patterns in BUNDLED.items():
            (target / folder).mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for source in sorted((ROOT / folder).glob(pattern)):
                    shutil.copy2(source, target / folder / source.name)


setup(cmdclass={"build_py": BuildWithReportData})

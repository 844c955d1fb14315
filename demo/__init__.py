"""Demo content for `make run`: organisations, five years of disclosures, stories, an award edition,
the plan with its tracker, inspections and reports of concern, and demo accounts. Built on the real
site skeleton of ``setup_site`` (home.site_setup). Development and tests only (docs/demo.md)."""

from credits.app import MIGRATIONS_DIR, create_app
from credits.demo import seed_demo
from credits.reference import load_reference_data
from credits.settings import Settings
from suitekit.cli import run_service_cli

if __name__ == "__main__":
    run_service_cli(
        settings_factory=Settings,
        create_app=create_app,
        migrations_dir=MIGRATIONS_DIR,
        seed_demo=seed_demo,
        load_reference=load_reference_data,
    )

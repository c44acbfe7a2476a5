from lawyer_query.app import MIGRATIONS_DIR, create_app, load_reference_data
from lawyer_query.demo import demo_seeder
from lawyer_query.keys import registry_cipher
from lawyer_query.settings import Settings
from suitekit.cli import run_service_cli

if __name__ == "__main__":
    settings = Settings()
    run_service_cli(
        settings_factory=lambda: settings,
        create_app=create_app,
        migrations_dir=MIGRATIONS_DIR,
        seed_demo=demo_seeder(
            registry_cipher(settings), count=settings.demo_people, seed=settings.demo_seed
        ),
        load_reference=load_reference_data,
    )

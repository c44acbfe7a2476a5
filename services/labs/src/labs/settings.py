from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("LABS_")

    service_name: str = "labs"
    port: int = 8004

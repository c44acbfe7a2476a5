from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("OUTFALL_")

    service_name: str = "outfall"
    port: int = 8001

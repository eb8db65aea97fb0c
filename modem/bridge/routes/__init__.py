"""The bridge's routes, one module per resource: messages, modems, events (the event stream
and webhook deliveries), system (health, metrics, the OpenAPI document and Swagger UI)."""

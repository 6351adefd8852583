-- The cloud rule lists the distinct services with resources in one account;
-- an index on both columns serves that from the index alone, in order.
CREATE INDEX cloud_resources_account_service ON cloud_resources (account_id, service_name);
DROP INDEX cloud_resources_account;

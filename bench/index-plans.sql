-- The plans of BENCHMARKS.md, "Indexes": each query that uses a secondary index of customer,
-- interaction and transaction, as the app runs it (role crm_app, the workspace set, so row-level
-- security applies). Run on a database kept by `npm run bench -- --rows 200000 --keep-db ...`:
--   psql -X -q -d graphql_crm_bench -f bench/index-plans.sql
-- The first run adds what the bench does not import (committed; later runs add `-v prepared=1` to skip it):
-- interactions copied from the transactions, and a second workspace of 2,000 customers with their
-- transactions and interactions, for the queries whose index pays off when a workspace or a job
-- is a small part of the table.
\if :{?prepared}
\else
begin;
insert into interaction (workspace_id, customer_id, external_id, type, direction, subject, occurred_at, created_by_job_id, last_job_id)
select workspace_id, customer_id, 'i' || external_id, 'EMAIL', 'INBOUND', description, occurred_at, created_by_job_id, last_job_id from "transaction";
insert into workspace (name) values ('small') on conflict do nothing;
insert into customer (workspace_id, external_id, first_name, last_name, email, phone, company, city, country, tags, created_at, created_by_job_id, last_job_id, name_key)
select (select id from workspace where name = 'small'), 's' || external_id, first_name, last_name, 's' || email, phone, company, city, country, tags, created_at,
  '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', name_key
from customer where workspace_id = (select id from workspace where name = 'bench') order by id limit 2000;
insert into "transaction" (workspace_id, customer_id, external_id, kind, status, amount, currency, occurred_at, created_by_job_id, last_job_id)
select s.workspace_id, s.id, 's' || t.external_id, t.kind, t.status, t.amount, t.currency, t.occurred_at,
  '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000002'
from customer s join customer b on b.external_id = substr(s.external_id, 2) and b.workspace_id = (select id from workspace where name = 'bench')
join "transaction" t on t.customer_id = b.id where s.workspace_id = (select id from workspace where name = 'small');
insert into interaction (workspace_id, customer_id, external_id, type, occurred_at, created_by_job_id, last_job_id)
select workspace_id, customer_id, 'i' || external_id, 'CALL', occurred_at, created_by_job_id, last_job_id from "transaction"
where workspace_id = (select id from workspace where name = 'small');
commit;
analyze;
\endif
select id as ws from workspace where name = 'bench' \gset
select id as sws from workspace where name = 'small' \gset
begin;
set local role crm_app;
select set_config('app.workspace_id', :'ws', true) \g /dev/null
select id as job from import_job where entity='CUSTOMER' and format='XLSX' order by created_at limit 1 \gset
select id as tjob from import_job where entity='TRANSACTION' order by created_at limit 1 \gset
select created_at as at, id as cid from customer order by id offset 100000 limit 1 \gset
select email as email from customer order by id offset 123456 limit 1 \gset
select array_agg(id)::text as ids from (select id from customer order by id offset 5000 limit 50) x \gset
select array_agg(phone)::text as phones from (select phone from customer where phone is not null order by id offset 7000 limit 2000) x \gset
\echo '### 1 customers page (customers(first: 50), default order CREATED_AT asc, after a cursor)'
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'ws' and (created_at, id) > (:'at'::timestamptz, :'cid'::bigint) order by created_at asc, id asc limit 51;
\echo '### 1b customers page, first page'
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'ws' order by created_at asc, id asc limit 51;
\echo '### 1c customers(orderBy: UPDATED_AT)'
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'ws' order by updated_at asc, id asc limit 51;
\echo '### 2 customer writer lookup, matchOn phone (2000 phones)'
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'ws' and (external_id = any('{}'::text[]) or email = any('{}'::text[]) or phone = any(:'phones'::text[])) order by id;
\echo '### 3 customers(filter: {country: "DE"})'
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'ws' and country = 'DE' order by created_at, id limit 51;
\echo '### 3b totalCount with country'
explain (analyze, costs off, timing off, summary off) select count(*) from customer where workspace_id = :'ws' and country = 'DE';
\echo '### 3c rare country'
explain (analyze, costs off, timing off, summary off) select count(*) from customer where workspace_id = :'ws' and country = 'IS';
\echo '### 4 customers(filter: {tags: [...]})'
select tags[1] as tag from customer where cardinality(tags) > 0 order by id offset 77 limit 1 \gset
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'ws' and tags && array[:'tag']::text[] order by created_at, id limit 51;
explain (analyze, costs off, timing off, summary off) select count(*) from customer where workspace_id = :'ws' and tags && array[:'tag']::text[];
\echo '### 4b rare tag'
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'ws' and tags && array['vip-2019']::text[] order by created_at, id limit 51;
\echo '### 5 customers(filter: {importJobId})'
explain (analyze, costs off, timing off, summary off) select count(*) from customer where workspace_id = :'ws' and (created_by_job_id = :'job' or last_job_id = :'job');
\echo '### 5b revert: delete of the job created customers (select form)'
explain (analyze, costs off, timing off, summary off) select c.id from customer c where c.workspace_id = :'ws' and c.created_by_job_id = :'job' and c.last_job_id = :'job';
\echo '### 5c revert: restore (last_job_id)'
explain (analyze, costs off, timing off, summary off) select c.id from import_change ch join customer c on c.id = ch.record_id where ch.job_id = :'job' and ch.entity = 'CUSTOMER' and c.workspace_id = :'ws' and c.last_job_id = :'job';
\echo '### 5d webhook outbox: inserted by this batch'
explain (analyze, costs off, timing off, summary off) select r.id from customer r where r.id > (:'cid')::bigint and r.workspace_id = :'ws' and r.created_by_job_id = :'job' and r.xmin = pg_current_xact_id()::xid;
\echo '### 7 duplicate candidates (blocking)'
explain (costs off) with c as materialized (select id, phone, nullif(split_part(email, '@', 1), '') as local, split_part(email, '@', 2) as domain, name_key, lower(regexp_replace(company, '[^[:alnum:]]+', '', 'g')) as company_key, lower(city) as city from customer where workspace_id = :'ws'),
 blocks as (select array_agg(id) as ids from c where phone is not null group by phone having count(*) between 2 and 20
   union all select array_agg(id) from c where length(local) >= 3 group by local having count(*) between 2 and 20
   union all select array_agg(id) from c where name_key is not null group by name_key having count(*) between 2 and 20
   union all select array_agg(id) from c where company_key <> '' and city is not null group by company_key, city having count(*) between 2 and 20),
 pairs as (select distinct least(ids[i], ids[j]) as a, greatest(ids[i], ids[j]) as b from blocks, generate_series(1, cardinality(ids)) i, generate_series(i + 1, cardinality(ids)) j)
 select p.a, p.b from pairs p join customer x on x.id = p.a and x.workspace_id = :'ws' join customer y on y.id = p.b and y.workspace_id = :'ws';
\echo '### 8 history(first: 10) for 50 customers'
explain (analyze, costs off, timing off, summary off) select h.* from unnest(:'ids'::bigint[]) as c(cid) cross join lateral (select * from (
 (select 'I'::text as k, i.id, i.occurred_at from interaction i where i.customer_id = c.cid and i.workspace_id = :'ws' order by i.occurred_at desc, i.id desc limit 10)
 union all (select 'T'::text, t.id, t.occurred_at from "transaction" t where t.customer_id = c.cid and t.workspace_id = :'ws' order by t.occurred_at desc, t.id desc limit 10)) u order by u.occurred_at desc, u.k desc, u.id desc limit 10) h;
\echo '### 9 lifetimeValue for 50 customers'
explain (analyze, costs off, timing off, summary off) select customer_id, currency, sum(case when kind = 'REFUND' then -amount else amount end) from "transaction" where workspace_id = :'ws' and customer_id = any(:'ids'::bigint[]) and status = 'COMPLETED' and kind in ('PURCHASE', 'REFUND') group by customer_id, currency;
\echo '### 10 lastInteractionAt'
explain (analyze, costs off, timing off, summary off) select c.id, (select max(i.occurred_at) from interaction i where i.customer_id = c.id) from customer c where c.workspace_id = :'ws' and c.id = any(:'ids'::bigint[]);
\echo '### 12b customer revert orphan check'
explain (analyze, costs off, timing off, summary off) select c.id from customer c where c.workspace_id = :'ws' and c.id = any(:'ids'::bigint[]) and not exists (select 1 from interaction i where i.customer_id = c.id and i.created_by_job_id is distinct from :'job') and not exists (select 1 from "transaction" t where t.customer_id = c.id and t.created_by_job_id is distinct from :'job');
\echo '#### workspace small (2,000 customers among 206,000)'
select set_config('app.workspace_id', :'sws', true) \g /dev/null
select min(id) as scid from customer where workspace_id = :'sws' \gset
\echo '### 6 export page (keyset by id)'
explain (analyze, costs off, timing off, summary off) select id from customer where workspace_id = :'sws' and id > :'scid'::bigint order by id limit 1000;
\echo '### 11 transaction export page'
explain (analyze, costs off, timing off, summary off) select a.id from "transaction" a join customer c on c.id = a.customer_id where a.workspace_id = :'sws' and a.id > 0 order by a.id limit 1000;
\echo '### 11b interaction export page'
explain (analyze, costs off, timing off, summary off) select a.id from interaction a join customer c on c.id = a.customer_id where a.workspace_id = :'sws' and a.id > 0 order by a.id limit 1000;
\echo '### 12 transaction revert (the small job)'
explain (analyze, costs off, timing off, summary off) select c.id from "transaction" c where c.workspace_id = :'sws' and c.created_by_job_id = '00000000-0000-4000-8000-000000000002' and c.last_job_id = '00000000-0000-4000-8000-000000000002';
\echo '### 12c interaction revert (the small job)'
explain (analyze, costs off, timing off, summary off) select c.id from interaction c where c.workspace_id = :'sws' and c.created_by_job_id = '00000000-0000-4000-8000-000000000002' and c.last_job_id = '00000000-0000-4000-8000-000000000002';
\echo '### 12d customer revert (the small job)'
explain (analyze, costs off, timing off, summary off) select c.id from customer c where c.workspace_id = :'sws' and c.created_by_job_id = '00000000-0000-4000-8000-000000000001' and c.last_job_id = '00000000-0000-4000-8000-000000000001';
\echo '### 13 customer delete cascade: transactions of one customer'
explain (analyze, costs off, timing off, summary off) delete from only "transaction" where customer_id = :'scid'::bigint;
rollback;

-- Authenticated task requests for wrk, rotating over many users' tokens.
--   BENCH_FIXTURES  a file with one user a line: "<jwt> <pending task id> <pending task id> ..."
--   BENCH_MODE      list (GET /api/tasks/), create (POST /api/tasks/) or complete (POST /api/tasks/<id>/complete/)
--   BENCH_START     where this run's request counter starts (the harness moves it past earlier runs)
--   BENCH_THREADS   wrk's -t, so each thread takes every BENCH_THREADS-th request number
-- Request number n goes to user n mod U with that user's (n div U)-th pending task, so within and
-- across runs no two complete requests name the same task until every pending task is used.
-- done() prints one line, "BENCH_RESULT {json}", that bench/rest_load.py parses.

local mode = os.getenv("BENCH_MODE") or "list"
local start = tonumber(os.getenv("BENCH_START") or "0")
local step = tonumber(os.getenv("BENCH_THREADS") or "1")
local users = {}
local counter = 0
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_FIXTURES")) do
    local fields = {}
    for field in line:gmatch("%S+") do
      table.insert(fields, field)
    end
    local task_ids = {}
    for index = 2, #fields do
      table.insert(task_ids, fields[index])
    end
    table.insert(users, { token = fields[1], task_ids = task_ids })
  end
  counter = start + (thread_number or 1) - 1 - step
end

function request()
  counter = counter + step
  local user = users[(counter % #users) + 1]
  local headers = { ["Authorization"] = "Bearer " .. user.token }
  if mode == "list" then
    return wrk.format("GET", "/api/tasks/", headers)
  elseif mode == "create" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/tasks/", headers, '{"title": "Load test task", "priority": "high"}')
  end
  local task_id = user.task_ids[(math.floor(counter / #users) % #user.task_ids) + 1]
  return wrk.format("POST", "/api/tasks/" .. task_id .. "/complete/", headers)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end

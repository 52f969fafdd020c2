-- wrk script: every request creates a proxy session for a new pair of participants.
local counter = 0
local created = 0

function setup(thread)
  created = created + 1
  thread:set("tid", created)
end

function init(args)
  path = args[1]
end

function request()
  counter = counter + 1
  local n = (tid * 10000000 + counter) * 2
  local body = string.format(
    '{"ParticipantPhoneNumbers":["+1%010d","+1%010d"],"Capabilities":["Voice"]}',
    2000000000 + n, 2000000001 + n)
  return wrk.format("POST", path, nil, body)
end

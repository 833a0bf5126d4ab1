/// The OpenAPI 3.1 document of every route, served verbatim at `GET /openapi.json`.
///
/// Kept in the binary (no resource bundle to ship beside it). `OpenAPIDocumentTests` checks it
/// with openapi-spec-validator and against the router, so a route added without a document
/// entry fails the tests.
enum OpenAPIDocument {
    static let json = ##"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Connect Platform API",
    "version": "0.1.0",
    "summary": "Korean government R&D funding programs, matching, AI explanations and AI chat.",
    "description": "HTTP API of the Connect platform: funding program search, organization profiles, matches with scoring breakdowns, AI match explanations and an AI assistant, saved programs, feedback, admin monitoring and metrics.\n\nConventions: JSON bodies (at most 1 MiB) with camelCase keys; optional fields are omitted rather than null; dates are ISO 8601 date-times; UUIDs are encoded upper-case. Every response carries `X-Request-Id`. Every error is `{\"error\": {\"code\": \"snake_case\", \"message\": \"…\"}}` with the matching status. Authenticated routes take `Authorization: Bearer <JWT>` from POST /api/auth/login or /api/auth/register; the browser pages' own scripts may instead send the `connect_session` cookie set by the sign-in page together with the page's CSRF token in `X-CSRF-Token` (a cookie without that header is a 403 `csrf_failed`)."
  },
  "servers": [
    {
      "url": "http://127.0.0.1:3000",
      "description": "Local server (PORT 3000, HOST 127.0.0.1 by default)"
    }
  ],
  "security": [
    {
      "bearerAuth": []
    },
    {
      "sessionCookie": [],
      "csrfToken": []
    }
  ],
  "tags": [
    {
      "name": "Health",
      "description": "Liveness and readiness probes."
    },
    {
      "name": "Auth",
      "description": "Accounts and access tokens."
    },
    {
      "name": "Programs",
      "description": "The public funding program catalogue."
    },
    {
      "name": "Dashboard",
      "description": "The signed-in user's overview."
    },
    {
      "name": "Organizations",
      "description": "The caller's organization profile."
    },
    {
      "name": "Matches",
      "description": "Scored matches of the caller's organization and programs."
    },
    {
      "name": "Jobs",
      "description": "Background jobs run by the worker."
    },
    {
      "name": "AI",
      "description": "AI explanations, chat and feedback; rate-limited per user, with X-Circuit-State."
    },
    {
      "name": "Saved Programs",
      "description": "Programs the user bookmarked."
    },
    {
      "name": "Feedback",
      "description": "Ratings of AI answers."
    },
    {
      "name": "Admin",
      "description": "Administrator-only monitoring."
    },
    {
      "name": "Operations",
      "description": "Metrics and this document."
    }
  ],
  "paths": {
    "/api/health": {
      "get": {
        "operationId": "getHealth",
        "summary": "Readiness: checks PostgreSQL and both Redis instances",
        "description": "Concurrent probes share one in-flight check and receive the same body. Sent with `Cache-Control: no-store`.",
        "tags": [
          "Health"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Every dependency is healthy (`status: ok`).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/Cache-Control"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HealthReport"
                }
              }
            }
          },
          "503": {
            "description": "At least one dependency is unhealthy (`status: degraded`). The body is a HealthReport, not the error shape.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/Cache-Control"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HealthReport"
                }
              }
            }
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/api/health/live": {
      "get": {
        "operationId": "getLiveness",
        "summary": "Liveness: answers without touching any dependency",
        "description": "Answered on the connection's event loop ahead of the router (unless an earlier pipelined request on the connection is still in flight). Not counted in /metrics.",
        "tags": [
          "Health"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The process is up.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/Cache-Control"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Liveness"
                },
                "example": {
                  "status": "ok"
                }
              }
            }
          }
        }
      }
    },
    "/api/auth/register": {
      "post": {
        "operationId": "register",
        "summary": "Create an account and sign in",
        "tags": [
          "Auth"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RegisterRequest"
              },
              "example": {
                "email": "ceo@example.kr",
                "password": "correct horse",
                "name": "김민준"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Account created; a session for it.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Session"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "409": {
            "$ref": "#/components/responses/Conflict",
            "description": "An account with this e-mail already exists (`email_taken`)."
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited",
            "description": "Too many registrations from this client address this hour."
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        },
        "description": "Rate-limited per client address (REGISTRATION_RATE_LIMIT_PER_HOUR, default 20, checked before the body is read; per instance while the cache instance is down). An address that already has an account is answered 409: registration tells whether an address is registered, and the limit bounds how often anyone can ask."
      }
    },
    "/api/auth/login": {
      "post": {
        "operationId": "login",
        "summary": "Sign in with e-mail and password",
        "description": "Rate-limited per client address (checked before the body is read). While the cache instance is down the limit is counted per instance.",
        "tags": [
          "Auth"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LoginRequest"
              },
              "example": {
                "email": "loadtest+0@connectplt.kr",
                "password": "••••••••"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Signed in.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Session"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized",
            "description": "E-mail or password is wrong (`invalid_credentials`)."
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited",
            "description": "Too many sign-in attempts from this client address this minute (LOGIN_RATE_LIMIT_PER_MINUTE, default 30)."
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/auth/me": {
      "get": {
        "operationId": "getCurrentUser",
        "summary": "The signed-in user",
        "tags": [
          "Auth"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The caller's account.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UserEnvelope"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/auth/password": {
      "post": {
        "operationId": "changePassword",
        "summary": "Change the password and sign out everywhere else",
        "description": "Checks the current password (422 `invalid_credentials` when wrong), stores the new one and answers a new session. Every token issued before, the one used for this request included, is refused from then on (on other instances within IDENTITY_CACHE_SECONDS).",
        "tags": [
          "Auth"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PasswordChange"
              },
              "example": {
                "currentPassword": "correct horse",
                "newPassword": "battery staple"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Password changed; the new session.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Session"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/auth/sign-out-everywhere": {
      "post": {
        "operationId": "signOutEverywhere",
        "summary": "Revoke every token of the account",
        "description": "Every token issued so far, the one used for this request included, is refused from then on (on other instances within IDENTITY_CACHE_SECONDS). Sign in again for a new one.",
        "tags": [
          "Auth"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "204": {
            "description": "Every token of the account is revoked.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/funding-programs": {
      "get": {
        "operationId": "listFundingPrograms",
        "summary": "Search funding programs",
        "description": "An empty `keyword` or `agency` is no filter; an empty number or choice is 422, like any invalid value (`validation_failed` naming the parameter).",
        "tags": [
          "Programs"
        ],
        "security": [],
        "parameters": [
          {
            "name": "keyword",
            "in": "query",
            "required": false,
            "description": "Case-insensitive substring search over title, description and keywords (Korean or English).",
            "schema": {
              "type": "string",
              "maxLength": 100,
              "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
            }
          },
          {
            "name": "agency",
            "in": "query",
            "required": false,
            "description": "Agency code, case-insensitive (IITP, KEIT, TIPA, KIMST…).",
            "schema": {
              "type": "string",
              "maxLength": 20,
              "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
            }
          },
          {
            "name": "trl",
            "in": "query",
            "required": false,
            "description": "Programs whose TRL range contains this level.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 9
            }
          },
          {
            "name": "status",
            "in": "query",
            "required": false,
            "description": "Case-insensitive.",
            "schema": {
              "type": "string",
              "enum": [
                "ACTIVE",
                "EXPIRED",
                "ARCHIVED"
              ],
              "default": "ACTIVE"
            }
          },
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "One page of programs. Listings are cached for a minute.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "X-Cache": {
                "$ref": "#/components/headers/X-Cache"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ProgramList"
                }
              }
            }
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/funding-programs/stats": {
      "get": {
        "operationId": "getFundingProgramStats",
        "summary": "Counts over the program catalogue",
        "tags": [
          "Programs"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Catalogue counts.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ProgramStats"
                }
              }
            }
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/funding-programs/{id}": {
      "get": {
        "operationId": "getFundingProgram",
        "summary": "One funding program",
        "tags": [
          "Programs"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The program.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ProgramEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/dashboard": {
      "get": {
        "operationId": "getDashboard",
        "summary": "The caller's dashboard",
        "tags": [
          "Dashboard"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Organization, match counts by status, saved programs and the nearest deadlines.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Dashboard"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/organizations/{id}": {
      "get": {
        "operationId": "getOrganization",
        "summary": "The caller's organization profile",
        "tags": [
          "Organizations"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The organization.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OrganizationEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden",
            "description": "The id is not the caller's own organization."
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "patch": {
        "operationId": "updateOrganization",
        "summary": "Update the caller's organization profile",
        "tags": [
          "Organizations"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/OrganizationPatch"
              },
              "example": {
                "technologyReadinessLevel": 7,
                "keyTechnologies": [
                  "AI",
                  "클라우드"
                ],
                "employeeCount": "FROM_10_TO_50"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated organization. The organization's cached matches are invalidated.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OrganizationEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden",
            "description": "The id is not the caller's own organization."
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/matches": {
      "get": {
        "operationId": "listMatches",
        "summary": "The caller's organization's matches",
        "tags": [
          "Matches"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "required": false,
            "description": "new: not opened yet; viewed: opened at least once; saved: saved. Case-insensitive; all matches when absent.",
            "schema": {
              "type": "string",
              "enum": [
                "new",
                "viewed",
                "saved"
              ]
            }
          },
          {
            "$ref": "#/components/parameters/Page"
          },
          {
            "$ref": "#/components/parameters/Limit"
          },
          {
            "name": "organizationId",
            "in": "query",
            "required": false,
            "description": "Must be the caller's own organization (else 403); only a guard, the listing is always the caller's.",
            "schema": {
              "type": "string",
              "format": "uuid",
              "pattern": "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
            }
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "One page of matches, best score first. Cached per organization; a caller without an organization gets an empty page.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "X-Cache": {
                "$ref": "#/components/headers/X-Cache"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MatchList"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden",
            "description": "organizationId is not the caller's own organization."
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/matches/generate": {
      "post": {
        "operationId": "generateMatches",
        "summary": "Recompute the organization's matches in the background",
        "description": "Takes no body. The job runs on a worker fed through the Redis queue instance; after generating, the worker writes the explanations of the best matches (EXPLANATION_PREWARM_COUNT, default 3) into the cache ahead of their first request.",
        "tags": [
          "Matches",
          "Jobs"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "202": {
            "description": "Job accepted; poll GET /api/jobs/{id}.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "Location": {
                "$ref": "#/components/headers/Location"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/JobAccepted"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed",
            "description": "The caller's account has no organization (`no_organization`)."
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable",
            "description": "The job queue or the database is unavailable; nothing was enqueued."
          }
        }
      }
    },
    "/api/matches/{id}": {
      "get": {
        "operationId": "getMatch",
        "summary": "One match (marks it viewed)",
        "tags": [
          "Matches"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The match, now viewed.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MatchEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound",
            "description": "No such match among the caller's organization's matches."
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "patch": {
        "operationId": "updateMatch",
        "summary": "Save or unsave a match",
        "tags": [
          "Matches"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MatchUpdateRequest"
              },
              "example": {
                "saved": true
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated match.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MatchEnvelope"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound",
            "description": "No such match among the caller's organization's matches."
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/matches/{id}/explanation": {
      "get": {
        "operationId": "getMatchExplanation",
        "summary": "AI explanation of why the match fits (marks it viewed)",
        "tags": [
          "Matches",
          "AI"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "name": "lang",
            "in": "query",
            "required": false,
            "description": "Answer language, case-insensitive.",
            "schema": {
              "type": "string",
              "enum": [
                "ko",
                "en"
              ],
              "default": "ko"
            }
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The explanation. Cached per organization, program and data version (TTL EXPLANATION_TTL_SECONDS).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "X-Cache": {
                "$ref": "#/components/headers/X-Cache"
              },
              "X-Circuit-State": {
                "$ref": "#/components/headers/X-Circuit-State"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ExplanationResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          },
          "429": {
            "$ref": "#/components/responses/AIRateLimited",
            "description": "Per-user AI limit reached (AI_RATE_LIMIT_PER_MINUTE, default 30)."
          }
        }
      }
    },
    "/api/jobs/{id}": {
      "get": {
        "operationId": "getJob",
        "summary": "A background job of the caller's",
        "tags": [
          "Jobs"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The job's state.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound",
            "description": "No such job of the caller's."
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/chat": {
      "post": {
        "operationId": "chat",
        "summary": "Ask the assistant about funding programs",
        "tags": [
          "AI"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChatRequest"
              },
              "example": {
                "message": "AI 스타트업이 지원할 만한 과제가 있나요?"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The whole answer.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "X-Circuit-State": {
                "$ref": "#/components/headers/X-Circuit-State"
              },
              "X-Cache": {
                "$ref": "#/components/headers/X-Cache",
                "description": "HIT when no model call of this request's own wrote the answer (the chat answer cache, or a call it shared)."
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ChatResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound",
            "description": "conversationId is not one of the caller's conversations."
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable",
            "description": "A dependency is unavailable (`dependency_unavailable`) or the model gave no answer (`ai_unavailable`)."
          },
          "429": {
            "$ref": "#/components/responses/AIRateLimited",
            "description": "Per-user chat limit reached (CHAT_RATE_LIMIT_PER_MINUTE, default 10)."
          }
        }
      }
    },
    "/api/chat/stream": {
      "post": {
        "operationId": "chatStream",
        "summary": "Ask the assistant, streaming the answer",
        "tags": [
          "AI"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChatRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Server-sent events (`event:` and `data:` lines, a blank line after each event):\n\n- `event: delta` — `data` is a ChatDeltaEvent JSON object `{\"text\": \"…\"}`, the next piece of the answer; zero or more.\n- `event: done` — `data` is a ChatResponse JSON object (the whole answer and its metadata); sent once, last, on success.\n- `event: error` — `data` is a ChatErrorEvent JSON object `{\"message\": \"The assistant stopped answering\"}`; sent instead of `done` when the stream fails after it started.\n\nA cached answer is replayed as the same `delta` events as when it was first written.\n\nErrors found before the stream starts (validation, unknown conversation, rate limit) are ordinary JSON error responses.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              },
              "X-Circuit-State": {
                "$ref": "#/components/headers/X-Circuit-State"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/Cache-Control"
              },
              "X-Cache": {
                "$ref": "#/components/headers/X-Cache",
                "description": "HIT when the answer is replayed from the chat answer cache, known before the first event; `metadata.cached` in `done` also counts a shared model call."
              }
            },
            "content": {
              "text/event-stream": {
                "schema": {
                  "type": "object",
                  "description": "One server-sent event: `delta` events, then one `done` (or `error`) event; `data` is the JSON object the event names.",
                  "required": [
                    "event",
                    "data"
                  ],
                  "properties": {
                    "event": {
                      "type": "string",
                      "enum": [
                        "delta",
                        "done",
                        "error"
                      ]
                    },
                    "data": {
                      "type": "string",
                      "contentMediaType": "application/json"
                    }
                  }
                },
                "example": "event: delta\ndata: {\"text\":\"AI 융합 기술개발 사업\"}\n\nevent: delta\ndata: {\"text\":\"을 추천합니다.\"}\n\nevent: done\ndata: {\"conversationId\":\"3F2A…\",\"cost\":0,\"message\":\"AI 융합 기술개발 사업을 추천합니다.\",\"messageId\":\"8C1D…\",\"metadata\":{\"cached\":false,\"cost\":0,\"model\":\"connect-offline-1\",\"responseTime\":12,\"source\":\"local\",\"usage\":{\"inputTokens\":220,\"outputTokens\":14}},\"model\":\"connect-offline-1\",\"responseTime\":12,\"source\":\"local\",\"sources\":[\"…\"],\"usage\":{\"inputTokens\":220,\"outputTokens\":14}}\n\n"
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound",
            "description": "conversationId is not one of the caller's conversations."
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          },
          "429": {
            "$ref": "#/components/responses/AIRateLimited",
            "description": "Per-user chat limit reached (CHAT_RATE_LIMIT_PER_MINUTE, default 10)."
          }
        }
      }
    },
    "/api/programs/{id}/save": {
      "post": {
        "operationId": "saveProgram",
        "summary": "Save a program (idempotent)",
        "tags": [
          "Saved Programs"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Saved (also when it already was).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SaveResult"
                },
                "example": {
                  "programId": "9B2F6A4C-3D51-4E0A-8F8B-1C2D3E4F5A6B",
                  "saved": true
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound",
            "description": "No funding program with this id."
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      },
      "delete": {
        "operationId": "unsaveProgram",
        "summary": "Remove a saved program (idempotent)",
        "tags": [
          "Saved Programs"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdPath"
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Not saved (also when it never was, or the program does not exist).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SaveResult"
                },
                "example": {
                  "programId": "9B2F6A4C-3D51-4E0A-8F8B-1C2D3E4F5A6B",
                  "saved": false
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/programs/saved": {
      "get": {
        "operationId": "listSavedPrograms",
        "summary": "The caller's saved programs",
        "tags": [
          "Saved Programs"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Every saved program with when it was saved.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SavedPrograms"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/ai-feedback": {
      "post": {
        "operationId": "submitAIFeedback",
        "summary": "Rate an AI answer",
        "tags": [
          "AI",
          "Feedback"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/FeedbackRequest"
              },
              "example": {
                "serviceType": "MATCH_EXPLANATION",
                "resourceId": "9B2F6A4C-3D51-4E0A-8F8B-1C2D3E4F5A6B",
                "rating": "HELPFUL"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "First rating of this answer by this user.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Feedback"
                }
              }
            }
          },
          "200": {
            "description": "The user had rated this answer before; the rating was replaced.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Feedback"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "413": {
            "$ref": "#/components/responses/PayloadTooLarge"
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/api/admin/ai-monitoring/stats": {
      "get": {
        "operationId": "getAIMonitoringStats",
        "summary": "AI usage, cost and breaker state (administrators only)",
        "tags": [
          "Admin",
          "AI"
        ],
        "security": [
          {
            "bearerAuth": []
          },
          {
            "sessionCookie": [],
            "csrfToken": []
          }
        ],
        "parameters": [
          {
            "name": "days",
            "in": "query",
            "required": false,
            "description": "Window of the statistics, in days.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 365,
              "default": 7
            }
          },
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Budget, usage statistics over the window, and the breaker.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AIMonitoringStats"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden",
            "description": "The caller is not an ADMIN (`forbidden`)."
          },
          "422": {
            "$ref": "#/components/responses/ValidationFailed"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "getMetrics",
        "summary": "Prometheus metrics",
        "description": "Content-Type is `text/plain; version=0.0.4; charset=utf-8`.",
        "tags": [
          "Operations"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "Prometheus text exposition format 0.0.4: request counts and latency per route and status, cache results, AI calls, job outcomes, pool and queue gauges.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                },
                "example": "# TYPE connect_http_requests_total counter\nconnect_http_requests_total{method=\"GET\",route=\"/api/health\",status=\"200\"} 42\n"
              }
            }
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "getOpenAPIDocument",
        "summary": "This OpenAPI document",
        "tags": [
          "Operations"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/RequestId"
          }
        ],
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 document of every route.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/X-Request-Id"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "openapi",
                    "info",
                    "paths"
                  ]
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Error": {
        "type": "object",
        "description": "The error body of every failed request (except the readiness probe's 503, which is a HealthReport).",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9_]*$",
                "description": "Stable machine-readable snake_case code: bad_request, malformed_json, invalid_id, unauthorized, invalid_token, invalid_credentials, forbidden, not_found, method_not_allowed, conflict, email_taken, payload_too_large, validation_failed, no_organization, rate_limited, dependency_unavailable, ai_unavailable, internal_error.",
                "examples": [
                  "not_found"
                ]
              },
              "message": {
                "type": "string",
                "description": "Human-readable explanation, safe to show.",
                "examples": [
                  "No match with id 9B2F6A4C-3D51-4E0A-8F8B-1C2D3E4F5A6B"
                ]
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "Pagination": {
        "type": "object",
        "required": [
          "page",
          "limit",
          "total",
          "totalPages"
        ],
        "properties": {
          "page": {
            "type": "integer",
            "minimum": 1
          },
          "limit": {
            "type": "integer",
            "minimum": 1,
            "maximum": 100
          },
          "total": {
            "type": "integer",
            "minimum": 0,
            "description": "Rows matching the query over all pages."
          },
          "totalPages": {
            "type": "integer",
            "minimum": 0,
            "description": "ceil(total / limit); 0 when total is 0."
          }
        },
        "additionalProperties": false
      },
      "OrganizationType": {
        "type": "string",
        "enum": [
          "COMPANY",
          "RESEARCH_INSTITUTE",
          "UNIVERSITY",
          "PUBLIC_INSTITUTION"
        ]
      },
      "ProgramStatus": {
        "type": "string",
        "enum": [
          "ACTIVE",
          "EXPIRED",
          "ARCHIVED"
        ]
      },
      "Program": {
        "type": "object",
        "description": "A funding program. Optional fields are omitted (never null) when unknown.",
        "required": [
          "id",
          "agency",
          "title",
          "description",
          "targetTypes",
          "keywords",
          "requiredCertifications",
          "allowedBusinessStructures",
          "status"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "agency": {
            "type": "string",
            "description": "Agency code: IITP, KEIT, TIPA, KIMST, NTIS…",
            "examples": [
              "IITP"
            ]
          },
          "ministry": {
            "type": "string"
          },
          "title": {
            "type": "string",
            "examples": [
              "AI 융합 기술개발 사업"
            ]
          },
          "description": {
            "type": "string"
          },
          "announcementUrl": {
            "type": "string",
            "description": "Announcement page (stored text, not validated as a URL)."
          },
          "budgetKrw": {
            "type": "integer",
            "format": "int64",
            "description": "Budget in Korean won."
          },
          "applicationStart": {
            "type": "string",
            "format": "date-time"
          },
          "deadline": {
            "type": "string",
            "format": "date-time"
          },
          "publishedAt": {
            "type": "string",
            "format": "date-time"
          },
          "targetTypes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OrganizationType"
            },
            "description": "Organization types that may apply; empty means any."
          },
          "minTrl": {
            "type": "integer",
            "minimum": 1,
            "maximum": 9
          },
          "maxTrl": {
            "type": "integer",
            "minimum": 1,
            "maximum": 9
          },
          "category": {
            "type": "string"
          },
          "keywords": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "requiredCertifications": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "allowedBusinessStructures": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "status": {
            "$ref": "#/components/schemas/ProgramStatus"
          }
        },
        "additionalProperties": false
      },
      "ProgramSummary": {
        "type": "object",
        "description": "The program fields a match shows. Optional fields are omitted when unknown.",
        "required": [
          "id",
          "agency",
          "title",
          "status"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "agency": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "category": {
            "type": "string"
          },
          "budgetKrw": {
            "type": "integer",
            "format": "int64"
          },
          "deadline": {
            "type": "string",
            "format": "date-time"
          },
          "minTrl": {
            "type": "integer",
            "minimum": 1,
            "maximum": 9
          },
          "maxTrl": {
            "type": "integer",
            "minimum": 1,
            "maximum": 9
          },
          "status": {
            "$ref": "#/components/schemas/ProgramStatus"
          }
        },
        "additionalProperties": false
      },
      "ProgramList": {
        "type": "object",
        "required": [
          "programs",
          "pagination"
        ],
        "properties": {
          "programs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Program"
            }
          },
          "pagination": {
            "$ref": "#/components/schemas/Pagination"
          }
        },
        "additionalProperties": false
      },
      "ProgramEnvelope": {
        "type": "object",
        "required": [
          "program"
        ],
        "properties": {
          "program": {
            "$ref": "#/components/schemas/Program"
          }
        },
        "additionalProperties": false
      },
      "ProgramStats": {
        "type": "object",
        "required": [
          "totalPrograms",
          "activePrograms",
          "totalAgencies",
          "byAgency"
        ],
        "properties": {
          "totalPrograms": {
            "type": "integer",
            "minimum": 0
          },
          "activePrograms": {
            "type": "integer",
            "minimum": 0
          },
          "totalAgencies": {
            "type": "integer",
            "minimum": 0
          },
          "byAgency": {
            "type": "object",
            "additionalProperties": {
              "type": "integer",
              "minimum": 0
            },
            "description": "Programs per agency code.",
            "examples": [
              {
                "IITP": 3,
                "KEIT": 3,
                "KIMST": 3,
                "TIPA": 3
              }
            ]
          }
        },
        "additionalProperties": false
      },
      "Breakdown": {
        "type": "object",
        "description": "Points per scoring component (they add up to the match score, out of 100) and the reasons behind them.",
        "required": [
          "industry",
          "keywords",
          "trl",
          "organizationType",
          "rdExperience",
          "deadline",
          "matchedKeywords",
          "reasons",
          "cautions"
        ],
        "properties": {
          "industry": {
            "type": "integer",
            "minimum": 0,
            "maximum": 25,
            "description": "Industry or category fit."
          },
          "keywords": {
            "type": "integer",
            "minimum": 0,
            "maximum": 20,
            "description": "Keyword overlap."
          },
          "trl": {
            "type": "integer",
            "minimum": 0,
            "maximum": 15,
            "description": "Technology readiness fit."
          },
          "organizationType": {
            "type": "integer",
            "minimum": 0,
            "maximum": 15
          },
          "rdExperience": {
            "type": "integer",
            "minimum": 0,
            "maximum": 10
          },
          "deadline": {
            "type": "integer",
            "minimum": 0,
            "maximum": 15,
            "description": "Time left before the deadline."
          },
          "matchedKeywords": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Program keywords the organization shares."
          },
          "reasons": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Why the program fits, one short sentence each (Korean)."
          },
          "cautions": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "What to check before applying (Korean)."
          }
        },
        "additionalProperties": false
      },
      "Eligibility": {
        "type": "string",
        "enum": [
          "FULLY",
          "CONDITIONALLY",
          "INELIGIBLE"
        ]
      },
      "Match": {
        "type": "object",
        "description": "A match of the caller's organization and one program. viewedAt and savedAt are omitted when unset.",
        "required": [
          "id",
          "program",
          "score",
          "breakdown",
          "eligibility",
          "viewed",
          "saved",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "program": {
            "$ref": "#/components/schemas/ProgramSummary"
          },
          "score": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100
          },
          "breakdown": {
            "$ref": "#/components/schemas/Breakdown"
          },
          "eligibility": {
            "$ref": "#/components/schemas/Eligibility"
          },
          "viewed": {
            "type": "boolean"
          },
          "viewedAt": {
            "type": "string",
            "format": "date-time"
          },
          "saved": {
            "type": "boolean"
          },
          "savedAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "MatchList": {
        "type": "object",
        "required": [
          "matches",
          "pagination"
        ],
        "properties": {
          "matches": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Match"
            }
          },
          "pagination": {
            "$ref": "#/components/schemas/Pagination"
          }
        },
        "additionalProperties": false
      },
      "MatchEnvelope": {
        "type": "object",
        "required": [
          "match"
        ],
        "properties": {
          "match": {
            "$ref": "#/components/schemas/Match"
          }
        },
        "additionalProperties": false
      },
      "MatchUpdateRequest": {
        "type": "object",
        "description": "Unknown fields are ignored.",
        "required": [
          "saved"
        ],
        "properties": {
          "saved": {
            "type": "boolean"
          }
        }
      },
      "Explanation": {
        "type": "object",
        "description": "Why a program fits an organization, in the requested language.",
        "required": [
          "summary",
          "reasons",
          "cautions",
          "recommendation"
        ],
        "properties": {
          "summary": {
            "type": "string"
          },
          "reasons": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "cautions": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "recommendation": {
            "type": "string"
          }
        },
        "additionalProperties": false
      },
      "AnswerSource": {
        "type": "string",
        "enum": [
          "ai",
          "local",
          "fallback"
        ],
        "description": "ai: the remote model; local: the offline model chosen by configuration; fallback: the offline model standing in for the remote one (breaker open, budget spent)."
      },
      "TokenUsage": {
        "type": "object",
        "required": [
          "inputTokens",
          "outputTokens"
        ],
        "properties": {
          "inputTokens": {
            "type": "integer",
            "minimum": 0
          },
          "outputTokens": {
            "type": "integer",
            "minimum": 0
          }
        },
        "additionalProperties": false
      },
      "ExplanationResponse": {
        "type": "object",
        "required": [
          "matchId",
          "explanation",
          "metadata",
          "match"
        ],
        "properties": {
          "matchId": {
            "type": "string",
            "format": "uuid"
          },
          "explanation": {
            "$ref": "#/components/schemas/Explanation"
          },
          "metadata": {
            "$ref": "#/components/schemas/AnswerMetadata"
          },
          "match": {
            "type": "object",
            "description": "deadline is omitted when the program has none.",
            "required": [
              "score",
              "programTitle",
              "agency"
            ],
            "properties": {
              "score": {
                "type": "integer",
                "minimum": 0,
                "maximum": 100
              },
              "programTitle": {
                "type": "string"
              },
              "agency": {
                "type": "string"
              },
              "deadline": {
                "type": "string",
                "format": "date-time"
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "Organization": {
        "type": "object",
        "description": "An organization profile with the original platform's camelCase names. Optional fields are omitted when unset.",
        "required": [
          "id",
          "name",
          "type",
          "keyTechnologies",
          "researchFocusAreas",
          "certifications",
          "rdExperience"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "name": {
            "type": "string"
          },
          "type": {
            "$ref": "#/components/schemas/OrganizationType"
          },
          "businessStructure": {
            "type": "string",
            "description": "One of CORPORATION, SOLE_PROPRIETOR, NON_PROFIT, GOVERNMENT when set through PATCH."
          },
          "industrySector": {
            "type": "string"
          },
          "employeeCount": {
            "type": "string",
            "description": "One of UNDER_10, FROM_10_TO_50, FROM_50_TO_100, FROM_100_TO_300, OVER_300 when set through PATCH."
          },
          "revenueRange": {
            "type": "string",
            "description": "One of UNDER_1B, FROM_1B_TO_10B, FROM_10B_TO_50B, FROM_50B_TO_100B, OVER_100B when set through PATCH."
          },
          "technologyReadinessLevel": {
            "type": "integer",
            "minimum": 1,
            "maximum": 9
          },
          "keyTechnologies": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "researchFocusAreas": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "certifications": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Certifications held: 벤처, INNOBIZ, MAINBIZ, 기업부설연구소…"
          },
          "region": {
            "type": "string"
          },
          "rdExperience": {
            "type": "boolean"
          },
          "establishedOn": {
            "type": "string",
            "format": "date-time",
            "description": "Founding date, encoded as a full ISO 8601 date-time (midnight UTC)."
          }
        },
        "additionalProperties": false
      },
      "OrganizationEnvelope": {
        "type": "object",
        "required": [
          "organization"
        ],
        "properties": {
          "organization": {
            "$ref": "#/components/schemas/Organization"
          }
        },
        "additionalProperties": false
      },
      "OrganizationPatch": {
        "type": "object",
        "description": "Every field optional; an absent or null field is left unchanged, unknown fields are ignored. Text is trimmed before its length is checked. The first invalid field is answered 422 validation_failed naming it.",
        "properties": {
          "name": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 200,
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
          },
          "industrySector": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 100,
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
          },
          "employeeCount": {
            "enum": [
              "UNDER_10",
              "FROM_10_TO_50",
              "FROM_50_TO_100",
              "FROM_100_TO_300",
              "OVER_300",
              null
            ]
          },
          "rdExperience": {
            "type": [
              "boolean",
              "null"
            ]
          },
          "technologyReadinessLevel": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 1,
            "maximum": 9
          },
          "revenueRange": {
            "enum": [
              "UNDER_1B",
              "FROM_1B_TO_10B",
              "FROM_10B_TO_50B",
              "FROM_50B_TO_100B",
              "OVER_100B",
              null
            ]
          },
          "businessStructure": {
            "enum": [
              "CORPORATION",
              "SOLE_PROPRIETOR",
              "NON_PROFIT",
              "GOVERNMENT",
              null
            ]
          },
          "researchFocusAreas": {
            "type": [
              "array",
              "null"
            ],
            "items": {
              "type": "string",
              "maxLength": 60,
              "minLength": 1,
              "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
            },
            "maxItems": 30,
            "description": "Replaces the list; items are trimmed and blank ones dropped; at most 30 items of at most 60 characters."
          },
          "keyTechnologies": {
            "type": [
              "array",
              "null"
            ],
            "items": {
              "type": "string",
              "maxLength": 60,
              "minLength": 1,
              "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
            },
            "maxItems": 30,
            "description": "Replaces the list; same rules as researchFocusAreas."
          },
          "certifications": {
            "type": [
              "array",
              "null"
            ],
            "items": {
              "type": "string",
              "maxLength": 60,
              "minLength": 1,
              "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
            },
            "maxItems": 30,
            "description": "Replaces the list; same rules as researchFocusAreas."
          },
          "region": {
            "type": [
              "string",
              "null"
            ],
            "minLength": 1,
            "maxLength": 50,
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
          }
        }
      },
      "UserRole": {
        "type": "string",
        "enum": [
          "USER",
          "ADMIN"
        ]
      },
      "User": {
        "type": "object",
        "required": [
          "id",
          "email",
          "name",
          "role"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "email": {
            "type": "string",
            "format": "email"
          },
          "name": {
            "type": "string"
          },
          "role": {
            "$ref": "#/components/schemas/UserRole"
          },
          "organizationId": {
            "type": "string",
            "format": "uuid",
            "description": "Omitted when the user has no organization."
          }
        },
        "additionalProperties": false
      },
      "RegisterRequest": {
        "type": "object",
        "required": [
          "email",
          "password",
          "name"
        ],
        "properties": {
          "email": {
            "type": "string",
            "format": "email",
            "maxLength": 254,
            "description": "Trimmed and lower-cased; must look like local@domain.tld."
          },
          "password": {
            "type": "string",
            "minLength": 8,
            "maxLength": 128,
            "description": "8 to 128 characters, at most 256 bytes, no control characters. bcrypt reads the first 72 bytes.",
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "description": "Trimmed before its length is checked; no control characters; at most 400 bytes.",
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
          }
        }
      },
      "LoginRequest": {
        "type": "object",
        "required": [
          "email",
          "password"
        ],
        "properties": {
          "email": {
            "type": "string",
            "description": "Trimmed; matched case-insensitively; no control characters. Not format-checked: an unknown address is 401 invalid_credentials.",
            "maxLength": 254,
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
          },
          "password": {
            "type": "string",
            "maxLength": 256,
            "description": "No control characters (422): none can be part of a password.",
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
          }
        }
      },
      "Session": {
        "type": "object",
        "required": [
          "token",
          "expiresAt",
          "user"
        ],
        "properties": {
          "token": {
            "type": "string",
            "description": "HS256 JWT access token, valid for 7 days; send it as Authorization: Bearer <token>."
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "user": {
            "$ref": "#/components/schemas/User"
          }
        },
        "additionalProperties": false
      },
      "UserEnvelope": {
        "type": "object",
        "required": [
          "user"
        ],
        "properties": {
          "user": {
            "$ref": "#/components/schemas/User"
          }
        },
        "additionalProperties": false
      },
      "DashboardDeadline": {
        "type": "object",
        "required": [
          "matchId",
          "programId",
          "title",
          "agency",
          "score"
        ],
        "properties": {
          "matchId": {
            "type": "string",
            "format": "uuid"
          },
          "programId": {
            "type": "string",
            "format": "uuid"
          },
          "title": {
            "type": "string"
          },
          "agency": {
            "type": "string"
          },
          "deadline": {
            "type": "string",
            "format": "date-time"
          },
          "score": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100
          }
        },
        "additionalProperties": false
      },
      "Dashboard": {
        "type": "object",
        "required": [
          "matches",
          "savedPrograms",
          "upcomingDeadlines"
        ],
        "properties": {
          "organization": {
            "$ref": "#/components/schemas/Organization",
            "description": "Omitted when the user has no organization."
          },
          "matches": {
            "type": "object",
            "description": "Match counts by status.",
            "required": [
              "total",
              "new",
              "viewed",
              "saved"
            ],
            "properties": {
              "total": {
                "type": "integer",
                "minimum": 0
              },
              "new": {
                "type": "integer",
                "minimum": 0
              },
              "viewed": {
                "type": "integer",
                "minimum": 0
              },
              "saved": {
                "type": "integer",
                "minimum": 0
              }
            },
            "additionalProperties": false
          },
          "savedPrograms": {
            "type": "integer",
            "minimum": 0
          },
          "upcomingDeadlines": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/DashboardDeadline"
            },
            "maxItems": 5,
            "description": "Nearest deadlines among the organization's matches."
          }
        },
        "additionalProperties": false
      },
      "JobStatus": {
        "type": "string",
        "enum": [
          "QUEUED",
          "RUNNING",
          "SUCCEEDED",
          "FAILED",
          "DEAD"
        ]
      },
      "JobAccepted": {
        "type": "object",
        "required": [
          "jobId",
          "status"
        ],
        "properties": {
          "jobId": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "$ref": "#/components/schemas/JobStatus"
          }
        },
        "additionalProperties": false
      },
      "MatchGenerationSummary": {
        "type": "object",
        "required": [
          "matches",
          "candidates",
          "durationMilliseconds"
        ],
        "properties": {
          "matches": {
            "type": "integer",
            "minimum": 0,
            "description": "Matches kept."
          },
          "topScore": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100,
            "description": "Omitted when no match was kept."
          },
          "candidates": {
            "type": "integer",
            "minimum": 0,
            "description": "Programs that passed the hard filters."
          },
          "durationMilliseconds": {
            "type": "integer",
            "minimum": 0
          }
        },
        "additionalProperties": false
      },
      "Job": {
        "type": "object",
        "required": [
          "id",
          "kind",
          "status",
          "attempts",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "kind": {
            "type": "string",
            "examples": [
              "GENERATE_MATCHES"
            ]
          },
          "status": {
            "$ref": "#/components/schemas/JobStatus"
          },
          "attempts": {
            "type": "integer",
            "minimum": 0
          },
          "result": {
            "$ref": "#/components/schemas/MatchGenerationSummary",
            "description": "Present once the job has succeeded."
          },
          "lastError": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "startedAt": {
            "type": "string",
            "format": "date-time"
          },
          "finishedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "ChatRequest": {
        "type": "object",
        "required": [
          "message"
        ],
        "properties": {
          "message": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000,
            "description": "1 to 2,000 characters (Unicode scalars), at most 8,000 bytes, not blank; tab and line breaks are the only control characters allowed. Trimmed.",
            "pattern": "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$"
          },
          "conversationId": {
            "type": [
              "string",
              "null"
            ],
            "format": "uuid",
            "description": "Continue this conversation of the caller's; omit it (or null) to start a new one.",
            "pattern": "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
          }
        }
      },
      "ChatResponse": {
        "type": "object",
        "description": "The answer, stored in the conversation. The top-level `usage`, `cost`, `responseTime`, `source` and `model` repeat `metadata`'s (kept for earlier clients).",
        "required": [
          "conversationId",
          "message",
          "messageId",
          "sources",
          "usage",
          "cost",
          "responseTime",
          "source",
          "model",
          "metadata"
        ],
        "properties": {
          "conversationId": {
            "type": "string",
            "format": "uuid"
          },
          "message": {
            "type": "string",
            "description": "The assistant's answer."
          },
          "messageId": {
            "type": "string",
            "format": "uuid"
          },
          "sources": {
            "type": "array",
            "items": {
              "type": "string",
              "format": "uuid"
            },
            "description": "Ids of the funding programs the answer drew on."
          },
          "usage": {
            "$ref": "#/components/schemas/TokenUsage"
          },
          "cost": {
            "type": "number",
            "minimum": 0,
            "description": "Korean won."
          },
          "responseTime": {
            "type": "integer",
            "minimum": 0,
            "description": "Milliseconds."
          },
          "source": {
            "$ref": "#/components/schemas/AnswerSource"
          },
          "model": {
            "type": "string"
          },
          "metadata": {
            "$ref": "#/components/schemas/AnswerMetadata"
          }
        },
        "additionalProperties": false
      },
      "ChatDeltaEvent": {
        "type": "object",
        "description": "Data of an SSE `delta` event: the next piece of the answer.",
        "required": [
          "text"
        ],
        "properties": {
          "text": {
            "type": "string"
          }
        },
        "additionalProperties": false
      },
      "ChatErrorEvent": {
        "type": "object",
        "description": "Data of an SSE `error` event: the stream failed after it had started.",
        "required": [
          "message"
        ],
        "properties": {
          "message": {
            "type": "string",
            "examples": [
              "The assistant stopped answering"
            ]
          }
        },
        "additionalProperties": false
      },
      "SaveResult": {
        "type": "object",
        "required": [
          "programId",
          "saved"
        ],
        "properties": {
          "programId": {
            "type": "string",
            "format": "uuid"
          },
          "saved": {
            "type": "boolean"
          }
        },
        "additionalProperties": false
      },
      "SavedPrograms": {
        "type": "object",
        "required": [
          "programs",
          "total"
        ],
        "properties": {
          "programs": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "program",
                "savedAt"
              ],
              "properties": {
                "program": {
                  "$ref": "#/components/schemas/Program"
                },
                "savedAt": {
                  "type": "string",
                  "format": "date-time"
                }
              },
              "additionalProperties": false
            }
          },
          "total": {
            "type": "integer",
            "minimum": 0
          }
        },
        "additionalProperties": false
      },
      "FeedbackServiceType": {
        "type": "string",
        "enum": [
          "MATCH_EXPLANATION",
          "QA_CHAT"
        ]
      },
      "FeedbackRating": {
        "type": "string",
        "enum": [
          "HELPFUL",
          "NOT_HELPFUL"
        ]
      },
      "FeedbackRequest": {
        "type": "object",
        "required": [
          "serviceType",
          "resourceId",
          "rating"
        ],
        "properties": {
          "serviceType": {
            "$ref": "#/components/schemas/FeedbackServiceType",
            "description": "Exact, case-sensitive."
          },
          "resourceId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "description": "The rated answer: a match id or a chat message id. Trimmed.",
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F][^\\x00-\\x1F\\x7F-\\x9F]*$"
          },
          "rating": {
            "$ref": "#/components/schemas/FeedbackRating",
            "description": "Exact, case-sensitive."
          },
          "comment": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 2000,
            "pattern": "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]*$"
          }
        }
      },
      "Feedback": {
        "type": "object",
        "required": [
          "id",
          "serviceType",
          "resourceId",
          "rating"
        ],
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "serviceType": {
            "$ref": "#/components/schemas/FeedbackServiceType"
          },
          "resourceId": {
            "type": "string"
          },
          "rating": {
            "$ref": "#/components/schemas/FeedbackRating"
          }
        },
        "additionalProperties": false
      },
      "DependencyCheck": {
        "type": "object",
        "required": [
          "status",
          "latency"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "healthy",
              "unhealthy"
            ]
          },
          "latency": {
            "type": "number",
            "minimum": 0,
            "description": "Round trip of the probe in milliseconds."
          },
          "error": {
            "type": "string",
            "description": "Why it is unhealthy; omitted when healthy."
          }
        },
        "additionalProperties": false
      },
      "HealthReport": {
        "type": "object",
        "required": [
          "status",
          "timestamp",
          "service",
          "version",
          "instance",
          "uptime",
          "checks"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "degraded"
            ]
          },
          "timestamp": {
            "type": "string",
            "format": "date-time",
            "description": "When the shared check ran, with milliseconds.",
            "examples": [
              "2026-11-22T12:14:03.123Z"
            ]
          },
          "service": {
            "type": "string",
            "const": "Connect Platform"
          },
          "version": {
            "type": "string",
            "examples": [
              "0.1.0"
            ]
          },
          "instance": {
            "type": "string",
            "description": "INSTANCE_ID, else the host name."
          },
          "uptime": {
            "type": "number",
            "minimum": 0,
            "description": "Seconds since the process started, as of the check."
          },
          "checks": {
            "type": "object",
            "required": [
              "database",
              "redis_cache",
              "redis_queue"
            ],
            "properties": {
              "database": {
                "$ref": "#/components/schemas/DependencyCheck"
              },
              "redis_cache": {
                "$ref": "#/components/schemas/DependencyCheck"
              },
              "redis_queue": {
                "$ref": "#/components/schemas/DependencyCheck"
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "Liveness": {
        "type": "object",
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "const": "ok"
          }
        },
        "additionalProperties": false
      },
      "ServiceUsage": {
        "type": "object",
        "required": [
          "requests",
          "cost",
          "cacheHitRate"
        ],
        "properties": {
          "requests": {
            "type": "integer",
            "minimum": 0
          },
          "cost": {
            "type": "number",
            "minimum": 0,
            "description": "Korean won."
          },
          "cacheHitRate": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          }
        },
        "additionalProperties": false
      },
      "AIMonitoringStats": {
        "type": "object",
        "required": [
          "days",
          "budget",
          "stats",
          "breaker"
        ],
        "properties": {
          "days": {
            "type": "integer",
            "minimum": 1,
            "maximum": 365,
            "description": "The window the stats cover."
          },
          "budget": {
            "type": "object",
            "required": [
              "dailyLimit",
              "spent",
              "remaining",
              "percentage"
            ],
            "properties": {
              "dailyLimit": {
                "type": "integer",
                "minimum": 0,
                "description": "AI_DAILY_BUDGET_KRW, Korean won."
              },
              "spent": {
                "type": "number",
                "minimum": 0,
                "description": "Spent today (since midnight Asia/Seoul), Korean won."
              },
              "remaining": {
                "type": "number",
                "minimum": 0
              },
              "percentage": {
                "type": "number",
                "minimum": 0,
                "description": "spent / dailyLimit × 100, two decimals; 0 when the limit is 0."
              }
            },
            "additionalProperties": false
          },
          "stats": {
            "type": "object",
            "required": [
              "totalCost",
              "totalRequests",
              "successRate",
              "cacheHitRate",
              "averageCost",
              "averageDuration",
              "byService",
              "latency"
            ],
            "properties": {
              "totalCost": {
                "type": "number",
                "minimum": 0,
                "description": "Korean won."
              },
              "totalRequests": {
                "type": "integer",
                "minimum": 0
              },
              "successRate": {
                "type": "number",
                "minimum": 0,
                "maximum": 1
              },
              "cacheHitRate": {
                "type": "number",
                "minimum": 0,
                "maximum": 1
              },
              "averageCost": {
                "type": "number",
                "minimum": 0,
                "description": "Per uncached request, Korean won."
              },
              "averageDuration": {
                "type": "number",
                "minimum": 0,
                "description": "Milliseconds."
              },
              "byService": {
                "type": "object",
                "propertyNames": {
                  "enum": [
                    "MATCH_EXPLANATION",
                    "QA_CHAT"
                  ]
                },
                "additionalProperties": {
                  "$ref": "#/components/schemas/ServiceUsage"
                },
                "description": "Keyed by usage kind: MATCH_EXPLANATION, QA_CHAT."
              },
              "latency": {
                "type": "object",
                "description": "Milliseconds.",
                "required": [
                  "p50",
                  "p95",
                  "p99"
                ],
                "properties": {
                  "p50": {
                    "type": "number"
                  },
                  "p95": {
                    "type": "number"
                  },
                  "p99": {
                    "type": "number"
                  }
                },
                "additionalProperties": false
              }
            },
            "additionalProperties": false
          },
          "breaker": {
            "type": "object",
            "required": [
              "state",
              "provider",
              "consecutiveFailures"
            ],
            "properties": {
              "state": {
                "type": "string",
                "enum": [
                  "closed",
                  "open",
                  "half_open"
                ]
              },
              "provider": {
                "type": "string",
                "examples": [
                  "offline"
                ]
              },
              "consecutiveFailures": {
                "type": "integer",
                "minimum": 0
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "PasswordChange": {
        "type": "object",
        "required": [
          "currentPassword",
          "newPassword"
        ],
        "additionalProperties": false,
        "properties": {
          "currentPassword": {
            "type": "string",
            "maxLength": 256,
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
          },
          "newPassword": {
            "type": "string",
            "minLength": 8,
            "maxLength": 128,
            "description": "8 to 128 characters, at most 256 bytes, no control characters.",
            "pattern": "^[^\\x00-\\x1F\\x7F-\\x9F]*$"
          }
        }
      },
      "AnswerMetadata": {
        "type": "object",
        "description": "How an AI answer was produced: `cached` is true when no model call of this request's own wrote it (the cache, or another request's call it shared), and then `cost` is 0; `usage` is the tokens the answer took when it was written.",
        "required": [
          "cached",
          "source",
          "model",
          "cost",
          "responseTime",
          "usage"
        ],
        "properties": {
          "cached": {
            "type": "boolean"
          },
          "source": {
            "$ref": "#/components/schemas/AnswerSource"
          },
          "model": {
            "type": "string"
          },
          "cost": {
            "type": "number",
            "minimum": 0,
            "description": "Korean won."
          },
          "responseTime": {
            "type": "integer",
            "minimum": 0,
            "description": "Milliseconds."
          },
          "usage": {
            "$ref": "#/components/schemas/TokenUsage"
          }
        },
        "additionalProperties": false
      }
    },
    "responses": {
      "BadRequest": {
        "description": "Malformed request: the body is not JSON (`malformed_json`), or a path id is not a UUID (`invalid_id`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "invalid_id",
                "message": "Path parameter 'id' must be a UUID"
              }
            }
          }
        }
      },
      "Unauthorized": {
        "description": "Missing, malformed, forged or expired bearer token (`unauthorized`, `invalid_token`), or wrong credentials at login (`invalid_credentials`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          },
          "WWW-Authenticate": {
            "$ref": "#/components/headers/WWW-Authenticate"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "invalid_token",
                "message": "Invalid or expired token"
              }
            }
          }
        }
      },
      "Forbidden": {
        "description": "Authenticated, but not allowed to touch this resource (`forbidden`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "forbidden",
                "message": "You can only access your own organization"
              }
            }
          }
        }
      },
      "NotFound": {
        "description": "No such resource visible to the caller, or no such route (`not_found`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "not_found",
                "message": "No such resource"
              }
            }
          }
        }
      },
      "Conflict": {
        "description": "The resource already exists (`email_taken`, `conflict`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "email_taken",
                "message": "An account with this e-mail already exists"
              }
            }
          }
        }
      },
      "PayloadTooLarge": {
        "description": "The request body exceeds 1 MiB (`payload_too_large`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "payload_too_large",
                "message": "Request body exceeds 1 MiB"
              }
            }
          }
        }
      },
      "ValidationFailed": {
        "description": "A field or query parameter is missing, of the wrong type or out of range (`validation_failed`); the message names it.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "validation_failed",
                "message": "Query parameter 'limit' must be a whole number from 1 to 100"
              }
            }
          }
        }
      },
      "RateLimited": {
        "description": "Too many requests in the current one-minute window (`rate_limited`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          },
          "Retry-After": {
            "$ref": "#/components/headers/Retry-After"
          },
          "X-RateLimit-Limit": {
            "$ref": "#/components/headers/X-RateLimit-Limit"
          },
          "X-RateLimit-Remaining": {
            "$ref": "#/components/headers/X-RateLimit-Remaining"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "rate_limited",
                "message": "Too many sign-in attempts; try again later"
              }
            }
          }
        }
      },
      "InternalError": {
        "description": "Unexpected failure; logged with the request id, reveals nothing (`internal_error`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "internal_error",
                "message": "Something went wrong on our side"
              }
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "A dependency (PostgreSQL, Redis, the job queue) is unavailable (`dependency_unavailable`, with `Retry-After: 1`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          },
          "Retry-After": {
            "$ref": "#/components/headers/Retry-After"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "dependency_unavailable",
                "message": "The database is unavailable; try again shortly"
              }
            }
          }
        }
      },
      "AIRateLimited": {
        "description": "Per-user AI limit reached for the current one-minute window (`rate_limited`).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/X-Request-Id"
          },
          "Retry-After": {
            "$ref": "#/components/headers/Retry-After"
          },
          "X-RateLimit-Limit": {
            "$ref": "#/components/headers/X-RateLimit-Limit"
          },
          "X-RateLimit-Remaining": {
            "$ref": "#/components/headers/X-RateLimit-Remaining"
          },
          "X-Circuit-State": {
            "$ref": "#/components/headers/X-Circuit-State"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            },
            "example": {
              "error": {
                "code": "rate_limited",
                "message": "AI explanation limit reached; try again later"
              }
            }
          }
        }
      }
    },
    "parameters": {
      "IdPath": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "A UUID; anything else is 400 `invalid_id`.",
        "schema": {
          "type": "string",
          "format": "uuid",
          "pattern": "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
        }
      },
      "Page": {
        "name": "page",
        "in": "query",
        "required": false,
        "description": "Page number, from 1.",
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 100000,
          "default": 1
        }
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "required": false,
        "description": "Items per page.",
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 100,
          "default": 20
        }
      },
      "RequestId": {
        "name": "X-Request-Id",
        "in": "header",
        "required": false,
        "description": "Optional caller-chosen request id, echoed on the response when it is 1–128 visible ASCII characters; any other value is replaced by a generated id (the request is never refused for it).",
        "schema": {
          "type": "string"
        }
      }
    },
    "headers": {
      "X-Request-Id": {
        "description": "The caller's X-Request-Id when it sent up to 128 visible ASCII characters, else a generated 32-hex-digit id. Sent on every response.",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 128,
          "pattern": "^[\\x21-\\x7E]+$"
        }
      },
      "X-Cache": {
        "description": "Whether the body came from the response cache.",
        "schema": {
          "type": "string",
          "enum": [
            "HIT",
            "MISS"
          ]
        }
      },
      "X-Circuit-State": {
        "description": "State of the circuit breaker around the remote language model.",
        "schema": {
          "type": "string",
          "enum": [
            "closed",
            "open",
            "half_open"
          ]
        }
      },
      "X-RateLimit-Limit": {
        "description": "Requests allowed per window (one minute).",
        "schema": {
          "type": "integer",
          "minimum": 1
        }
      },
      "X-RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      },
      "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {
          "type": "integer",
          "minimum": 1
        }
      },
      "WWW-Authenticate": {
        "description": "Always `Bearer`.",
        "schema": {
          "type": "string",
          "const": "Bearer"
        }
      },
      "Location": {
        "description": "Where the created resource can be polled.",
        "schema": {
          "type": "string",
          "format": "uri-reference"
        }
      },
      "Cache-Control": {
        "description": "Caching directive.",
        "schema": {
          "type": "string"
        }
      }
    },
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "HS256 access token from POST /api/auth/login or /api/auth/register, valid for 7 days."
      },
      "sessionCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": "connect_session",
        "description": "The same JWT, set HttpOnly and SameSite=Lax by the sign-in page (POST /sign-in). Only together with csrfToken."
      },
      "csrfToken": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRF-Token",
        "description": "The page's CSRF token (its csrf-token meta element): HMAC-SHA256 of the browser's connect_csrf cookie and its session. Required whenever the session cookie authenticates."
      }
    }
  }
}
"""##
}

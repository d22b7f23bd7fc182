# Generated with Microsoft365DSC version 1.25.1203.1
# For additional information on how to use Microsoft365DSC, please visit https://aka.ms/M365DSC
param (
)

Configuration M365TenantConfig
{
    param (
    )

    $OrganizationName = $ConfigurationData.NonNodeData.OrganizationName

    Import-DscResource -ModuleName 'Microsoft365DSC'

    Node localhost
    {
        TeamsMeetingPolicy "TeamsMeetingPolicy-Global"
        {
            AIInterpreter                                = "Enabled";
            AllowAnnotations                             = $True;
            AllowAnonymousUsersToDialOut                 = $False;
            AllowAnonymousUsersToJoinMeeting             = $False;
            AllowAnonymousUsersToStartMeeting            = $False;
            AllowAvatarsInGallery                        = $True;
            AllowBreakoutRooms                           = $True;
            AllowCarbonSummary                           = $True;
            AllowCartCaptionsScheduling                  = "DisabledUserOverride";
            AllowChannelMeetingScheduling                = $True;
            AllowCloudRecording                          = $False;
            AllowDocumentCollaboration                   = "Enabled";
            AllowEngagementReport                        = "Enabled";
            AllowExternalNonTrustedMeetingChat           = $True;
            AllowExternalParticipantGiveRequestControl   = $False;
            AllowIPAudio                                 = $True;
            AllowIPVideo                                 = $True;
            AllowImmersiveView                           = $True;
            AllowLocalRecording                          = $False;
            AllowMeetNow                                 = $True;
            AllowMeetingCoach                            = $True;
            AllowMeetingReactions                        = $True;
            AllowMeetingRegistration                     = $True;
            AllowNDIStreaming                            = $False;
            AllowNetworkConfigurationSettingsLookup      = $False;
            AllowOrganizersToOverrideLobbySettings       = $False;
            AllowOutlookAddIn                            = $True;
            AllowPSTNUsersToBypassLobby                  = $False;
            AllowParticipantGiveRequestControl           = $True;
            AllowPowerPointSharing                       = $True;
            AllowPrivateMeetNow                          = $True;
            AllowPrivateMeetingScheduling                = $True;
            AllowRecordingStorageOutsideRegion           = $False;
            AllowScreenContentDigitization               = "Enabled";
            AllowSharedNotes                             = $True;
            AllowTasksFromTranscript                     = "Enabled";
            AllowTrackingInReport                        = "EnabledUserOverride";
            AllowTranscription                           = $False;
            AllowWatermarkCustomizationForCameraVideo    = $True;
            AllowWatermarkCustomizationForScreenSharing  = $True;
            AllowWatermarkForCameraVideo                 = $False;
            AllowWatermarkForScreenSharing               = $False;
            AllowWhiteboard                              = $True;
            AllowedUsersForMeetingDetails                = "UsersAllowedToByPassTheLobby";
            AnonymousUserAuthenticationMethod            = "OneTimePasscode";
            ApplicationId                                = $ConfigurationData.NonNodeData.ApplicationId;
            AttendeeIdentityMasking                      = "DisabledUserOverride";
            AudibleRecordingNotification                 = "PstnOnly";
            AutoAdmittedUsers                            = "EveryoneInCompanyExcludingGuests";
            AutoRecording                                = "Enabled";
            AutomaticallyStartCopilot                    = "Disabled";
            BackroomChat                                 = "Enabled";
            CaptchaVerificationForMeetingJoin            = "NotRequired";
            CertificateThumbprint                        = $ConfigurationData.NonNodeData.CertificateThumbprint;
            ChannelRecordingDownload                     = "Allow";
            ConnectToMeetingControls                     = "Enabled";
            ContentSharingInExternalMeetings             = "EnabledForAnyone";
            Copilot                                      = "EnabledWithTranscript";
            CopyRestriction                              = $True;
            DesignatedPresenterRoleMode                  = "EveryoneUserOverride";
            DetectSensitiveContentDuringScreenSharing    = $False;
            EnableRecordingAndTranscriptionCustomMessage = $False;
            EnrollUserOverride                           = "Disabled";
            Ensure                                       = "Present";
            ExplicitRecordingConsent                     = "Disabled";
            ExternalMeetingJoin                          = "EnabledForAnyone";
            IPAudioMode                                  = "EnabledOutgoingIncoming";
            IPVideoMode                                  = "EnabledOutgoingIncoming";
            Identity                                     = "Global";
            InfoShownInReportMode                        = "FullInformation";
            LiveCaptionsEnabledType                      = "DisabledUserOverride";
            LiveInterpretationEnabledType                = "DisabledUserOverride";
            LiveStreamingMode                            = "Disabled";
            LobbyChat                                    = "Enabled";
            MediaBitRateKb                               = 50000;
            MeetingChatEnabledType                       = "Enabled";
            NewMeetingRecordingExpirationDays            = -1;
            NoiseSuppressionForDialInParticipants        = "MicrosoftDefault";
            ParticipantNameChange                        = "Disabled";
            ParticipantSlideControl                      = "EveryoneInOrganization";
            PreferredMeetingProviderForIslandsMode       = "TeamsAndSfb";
            QnAEngagementMode                            = "Enabled";
            RealTimeText                                 = "Enabled";
            RecordingStorageMode                         = "OneDriveForBusiness";
            RoomAttributeUserOverride                    = "Off";
            RoomPeopleNameUserOverride                   = "Off";
            ScreenSharingMode                            = "EntireScreen";
            SetRecordingAndTranscriptOwnership           = "Disabled";
            SmsNotifications                             = "OnAllowOrganizerOverride";
            SpeakerAttributionMode                       = "EnabledUserOverride";
            StreamingAttendeeMode                        = "Disabled";
            TeamsCameraFarEndPTZMode                     = "Disabled";
            TenantId                                     = $OrganizationName;
            UsersCanAdmitFromLobby                       = "OrganizersAndPresentersOnly";
            VideoFiltersMode                             = "AllFilters";
            VoiceIsolation                               = "Enabled";
            VoiceSimulationInInterpreter                 = "Disabled";
            WatermarkForAnonymousUsers                   = "JoinWithAudioOnly";
            WatermarkForCameraVideoOpacity               = 30;
            WatermarkForCameraVideoPattern               = "Tiled";
            WatermarkForScreenSharingOpacity             = 30;
            WatermarkForScreenSharingPattern             = "Tiled";
            WhoCanRegister                               = "Everyone";
        }
        TeamsMeetingConfiguration "TeamsMeetingConfiguration-Global"
        {
            ApplicationId               = $ConfigurationData.NonNodeData.ApplicationId;
            CertificateThumbprint       = $ConfigurationData.NonNodeData.CertificateThumbprint;
            ClientAppSharingPort        = 50040;
            ClientAudioPort             = 50000;
            ClientAudioPortRange        = 20;
            ClientMediaPortRangeEnabled = $True;
            CustomFooterText            = "Region Hovedstaden - kontakt servicedesk@regionh.dk";
            DisableAnonymousJoin        = $False;
            EnableQoS                   = $True;
            Ensure                      = "Present";
            HelpURL                     = "https://intra.regionh.dk/teams";
            Identity                    = "Global";
            LegalURL                    = "https://www.regionh.dk/jura";
            LogoURL                     = "https://www.regionh.dk/logo.png";
            TenantId                    = $OrganizationName;
        }
        TeamsMeetingPolicy "TeamsMeetingPolicy-Tag:RH-Klinik"
        {
            AIInterpreter                                = "Enabled";
            AllowAnnotations                             = $True;
            AllowAnonymousUsersToDialOut                 = $False;
            AllowAnonymousUsersToJoinMeeting             = $True;
            AllowAnonymousUsersToStartMeeting            = $False;
            AllowAvatarsInGallery                        = $True;
            AllowBreakoutRooms                           = $True;
            AllowCarbonSummary                           = $True;
            AllowCartCaptionsScheduling                  = "DisabledUserOverride";
            AllowChannelMeetingScheduling                = $True;
            AllowCloudRecording                          = $True;
            AllowDocumentCollaboration                   = "Enabled";
            AllowEngagementReport                        = "Enabled";
            AllowExternalNonTrustedMeetingChat           = $True;
            AllowExternalParticipantGiveRequestControl   = $True;
            AllowIPAudio                                 = $True;
            AllowIPVideo                                 = $True;
            AllowImmersiveView                           = $True;
            AllowLocalRecording                          = $False;
            AllowMeetNow                                 = $True;
            AllowMeetingCoach                            = $True;
            AllowMeetingReactions                        = $True;
            AllowMeetingRegistration                     = $True;
            AllowNDIStreaming                            = $False;
            AllowNetworkConfigurationSettingsLookup      = $False;
            AllowOrganizersToOverrideLobbySettings       = $False;
            AllowOutlookAddIn                            = $True;
            AllowPSTNUsersToBypassLobby                  = $False;
            AllowParticipantGiveRequestControl           = $True;
            AllowPowerPointSharing                       = $True;
            AllowPrivateMeetNow                          = $True;
            AllowPrivateMeetingScheduling                = $True;
            AllowRecordingStorageOutsideRegion           = $False;
            AllowScreenContentDigitization               = "Enabled";
            AllowSharedNotes                             = $True;
            AllowTasksFromTranscript                     = "Enabled";
            AllowTrackingInReport                        = "EnabledUserOverride";
            AllowTranscription                           = $False;
            AllowWatermarkCustomizationForCameraVideo    = $True;
            AllowWatermarkCustomizationForScreenSharing  = $True;
            AllowWatermarkForCameraVideo                 = $False;
            AllowWatermarkForScreenSharing               = $False;
            AllowWhiteboard                              = $True;
            AllowedUsersForMeetingDetails                = "UsersAllowedToByPassTheLobby";
            AnonymousUserAuthenticationMethod            = "OneTimePasscode";
            ApplicationId                                = $ConfigurationData.NonNodeData.ApplicationId;
            AttendeeIdentityMasking                      = "DisabledUserOverride";
            AudibleRecordingNotification                 = "PstnOnly";
            AutoAdmittedUsers                            = "Everyone";
            AutoRecording                                = "Enabled";
            AutomaticallyStartCopilot                    = "Disabled";
            BackroomChat                                 = "Enabled";
            CaptchaVerificationForMeetingJoin            = "NotRequired";
            CertificateThumbprint                        = $ConfigurationData.NonNodeData.CertificateThumbprint;
            ChannelRecordingDownload                     = "Allow";
            ConnectToMeetingControls                     = "Enabled";
            ContentSharingInExternalMeetings             = "EnabledForAnyone";
            Copilot                                      = "EnabledWithTranscript";
            CopyRestriction                              = $True;
            Description                                  = "Oprettet af Mette Kjær Hansen (mette.kjaer.hansen@regionh.dk)";
            DesignatedPresenterRoleMode                  = "EveryoneUserOverride";
            DetectSensitiveContentDuringScreenSharing    = $False;
            EnableRecordingAndTranscriptionCustomMessage = $False;
            EnrollUserOverride                           = "Disabled";
            Ensure                                       = "Present";
            ExplicitRecordingConsent                     = "Disabled";
            ExternalMeetingJoin                          = "EnabledForAnyone";
            IPAudioMode                                  = "EnabledOutgoingIncoming";
            IPVideoMode                                  = "EnabledOutgoingIncoming";
            Identity                                     = "Tag:RH-Klinik";
            InfoShownInReportMode                        = "FullInformation";
            LiveCaptionsEnabledType                      = "DisabledUserOverride";
            LiveInterpretationEnabledType                = "DisabledUserOverride";
            LiveStreamingMode                            = "Disabled";
            LobbyChat                                    = "Enabled";
            MediaBitRateKb                               = 50000;
            MeetingChatEnabledType                       = "Enabled";
            NewMeetingRecordingExpirationDays            = -1;
            NoiseSuppressionForDialInParticipants        = "MicrosoftDefault";
            ParticipantNameChange                        = "Disabled";
            ParticipantSlideControl                      = "EveryoneInOrganization";
            PreferredMeetingProviderForIslandsMode       = "TeamsAndSfb";
            QnAEngagementMode                            = "Enabled";
            RealTimeText                                 = "Enabled";
            RecordingStorageMode                         = "OneDriveForBusiness";
            RoomAttributeUserOverride                    = "Off";
            RoomPeopleNameUserOverride                   = "Off";
            ScreenSharingMode                            = "EntireScreen";
            SetRecordingAndTranscriptOwnership           = "Disabled";
            SmsNotifications                             = "OnAllowOrganizerOverride";
            SpeakerAttributionMode                       = "EnabledUserOverride";
            StreamingAttendeeMode                        = "Disabled";
            TeamsCameraFarEndPTZMode                     = "Disabled";
            TenantId                                     = $OrganizationName;
            UsersCanAdmitFromLobby                       = "OrganizersAndPresentersOnly";
            VideoFiltersMode                             = "AllFilters";
            VoiceIsolation                               = "Enabled";
            VoiceSimulationInInterpreter                 = "Disabled";
            WatermarkForAnonymousUsers                   = "JoinWithAudioOnly";
            WatermarkForCameraVideoOpacity               = 30;
            WatermarkForCameraVideoPattern               = "Tiled";
            WatermarkForScreenSharingOpacity             = 30;
            WatermarkForScreenSharingPattern             = "Tiled";
            WhoCanRegister                               = "Everyone";
        }
    }
}

M365TenantConfig -ConfigurationData .\ConfigurationData.psd1
